"""The workflow room's demo city, departments, officials and 食品经营许可 entry."""

from tests.workflow.conftest import city, food_entry, officials

__all__ = ["city", "food_entry", "officials"]
