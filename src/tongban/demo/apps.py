from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for the embedded default. It spans every room, so it sits above them all."""

    name = "tongban.demo"
    label = "demo"
    verbose_name = "演示数据"
