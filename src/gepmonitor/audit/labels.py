"""What the audit log's codes are called in the administrator's language.

The log stores codes (login, user_created, ...) so that exports and searches stay stable; the
page shows them translated. A code without a label (a capability added later) shows as is;
tests/audit/test_labels.py fails when an action written by the code has no label.
"""

from __future__ import annotations

from gepmonitor.core.i18n import N_, gettext

ACTION_LABELS = {
    "add_attendees": N_("attendee list added"),
    "add_candidate": N_("candidate added"),
    "add_committee_member": N_("selection committee member added"),
    "add_counsellor": N_("counsellor added"),
    "add_event": N_("event added"),
    "add_incident": N_("incident registered"),
    "add_measure": N_("measure added"),
    "add_report": N_("report registered"),
    "add_training": N_("training registered"),
    "add_vacancy": N_("vacancy added"),
    "advance_report": N_("report moved to its next status"),
    "appoint": N_("appointment recorded"),
    "backup": N_("backup made"),
    "break_glass_off": N_("break-glass access taken away"),
    "break_glass_on": N_("break-glass access granted"),
    "checklist_step": N_("NVP checklist step recorded"),
    "deactivate_counsellor": N_("counsellor stopped"),
    "delete_pay": N_("pay data removed"),
    "delete_snapshot": N_("personnel data removed"),
    "delete_target": N_("target removed"),
    "end_procedure": N_("selection procedure ended"),
    "export": N_("export"),
    "import_pay": N_("pay import"),
    "import_personnel": N_("personnel import"),
    "import_survey": N_("survey import"),
    "justify_pay_gap": N_("pay gap justified"),
    "link_signal": N_("signal linked to a measure"),
    "lockout": N_("login locked"),
    "log_conversation": N_("conversation recorded"),
    "login": N_("login"),
    "login_failed": N_("failed login"),
    "login_locked": N_("login refused (locked)"),
    "logout": N_("logout"),
    "open_pay_assessment": N_("joint pay assessment opened"),
    "password_changed": N_("password changed"),
    "password_reset": N_("password reset"),
    "plan_pay_remedy": N_("pay gap remedy planned"),
    "purge": N_("data past its retention period removed"),
    "purge_candidates": N_("candidate data removed after the retention period"),
    "read_note": N_("note read"),
    "record_decision": N_("selection decision recorded"),
    "remedy_pay_gap": N_("pay gap remedied"),
    "restore": N_("backup restored"),
    "save_goal": N_("goal saved"),
    "save_peildatum_rule": N_("peildatum rules saved"),
    "save_target": N_("target saved"),
    "set_candidate_consent": N_("candidate's consent to a year's retention recorded"),
    "set_candidate_stage": N_("candidate's stage changed"),
    "set_candidate_suitable": N_("candidate judged suitable or not"),
    "set_competences": N_("vacancy competences saved"),
    "set_oaths": N_("oaths entered"),
    "set_text": N_("report text saved"),
    "sso_failed": N_("single sign-on failed"),
    "sso_link": N_("linked to single sign-on"),
    "sso_linked": N_("linked at the first single sign-on login"),
    "sso_refused": N_("single sign-on refused (no role)"),
    "sso_unlink": N_("single sign-on link removed"),
    "submit_scorecard": N_("scorecard submitted"),
    "text_check": N_("vacancy text checked"),
    "token_created": N_("API token created"),
    "token_revoked": N_("API token revoked"),
    "tokens_revoked": N_("all API tokens revoked"),
    "update_measure": N_("measure updated"),
    "user_changed": N_("user changed"),
    "user_created": N_("user created"),
    "view_register": N_("safety register read"),
    "view": N_("viewed"),
    "view_candidates": N_("candidates viewed"),
    "view_conversation": N_("conversation viewed"),
    "view_decision": N_("selection decision viewed"),
    "view_own_conversations": N_("own conversations viewed"),
    "view_scorecards": N_("scorecards viewed"),
}
# Targets that are codes rather than names (a username or a reference shows as is).
TARGET_LABELS = {
    "audit": N_("audit log"),
    "audit.csv": N_("audit log (CSV)"),
    "conversation": N_("conversation"),
    "incident": N_("incident"),
    "report": N_("report"),
    "user": N_("user name"),
    "ip": N_("address"),
    # the safety registers read (safety.registers.record_register_read)
    "reports and incidents": N_("reports and incidents"),
    "reports": N_("reports"),
    "incidents": N_("incidents"),
    "overdue reports": N_("overdue reports"),
}


def action_label(action: str, lang: str | None) -> str:
    """Return an action code's label in lang (the code itself when it has none)."""
    return gettext(ACTION_LABELS[action], lang) if action in ACTION_LABELS else action


def target_label(target: str, lang: str | None) -> str:
    """Return a target's label in lang when it is a code, else the target as stored."""
    return gettext(TARGET_LABELS[target], lang) if target in TARGET_LABELS else target
