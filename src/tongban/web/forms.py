"""Page forms. They check only what a page can know (presence, the password typed twice);
every domain rule is the service's, whose DomainError is shown through ``show_domain_error``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tongban.accounts.services import Registration
from tongban.core.errors import DomainError


class PageForm(forms.Form):
    """A page's form: labels stand above their inputs, so they need no trailing colon; a
    service's refusal is shown with the message on top and the details by each input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def show_domain_error(self, error: DomainError) -> None:
        self.add_error(None, str(error.message))
        for name, message in error.fields.items():
            self.add_error(name if name in self.fields else None, str(message))


class RegistrationForm(PageForm):
    real_name = forms.CharField(
        label=_("真实姓名"),
        max_length=50,
        help_text=_("与身份证上的姓名一致。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=24,
        help_text=_("18位，最后一位可能是X。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("11位中国大陆手机号码。"),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel-national", "inputmode": "numeric"}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=_("至少8位，不能全是数字，也不能是常见密码。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("两次输入的密码不一致。"))
        return cleaned

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            real_name=data["real_name"],
            id_number=data["id_number"],
            mobile=data["mobile"],
            password=data["password"],
        )


class LoginForm(PageForm):
    # Named ``username`` because django-axes reads that POST field to count failures.
    username = forms.CharField(
        label=_("身份证号码、手机号码或用户名"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OneTimeCodeForm(PageForm):
    # Wide enough for a recovery code (xxxxx-xxxxx) as well as six digits.
    code = forms.CharField(
        label=_("动态口令"),
        max_length=20,
        help_text=_("手机验证器应用显示的6位数字；手机不在身边时，可填写一个恢复码。"),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )


class PersonByNumberForm(PageForm):
    """A person named by both name and ID number, as on the ID card."""

    real_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class InPersonCheckForm(PersonByNumberForm):
    seen_in_person = forms.BooleanField(label=_("已当面核对本人及其身份证原件"), required=True)


class AgentForm(PersonByNumberForm):
    valid_until = forms.DateField(
        label=_("授权截止日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
