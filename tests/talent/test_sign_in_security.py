"""Sign-in as ASVS level 2 asks (issue 13, part 5): two-factor sign-in for staff with recovery codes,
throttling per account and address pair with a notice to the owner, no account enumeration by answer or
timing, re-authentication before sensitive changes; and the audit log is append-only in PostgreSQL."""

from __future__ import annotations

import statistics
import time

import pyotp
import pytest
from sqlalchemy import select, text

from talent.auth import mfa
from talent.models import AuditEvent, OutboxMessage, RecoveryCode, Role, User
from tests.conftest import TOTP_SECRET, csrf_token, login, totp_code

PASSWORD = "correct horse battery"


def post(client, url, data=None, page=None, **kwargs):
    """Post a form with the CSRF token of ``page`` (default: the same address)."""
    token = csrf_token(client, page or url)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def password_step(client, email, password=PASSWORD, lang="en"):
    return post(client, f"/{lang}/login", {"email": email, "password": password})


def actions(db, *names):
    stmt = select(AuditEvent.action).where(AuditEvent.action.in_(names)).order_by(AuditEvent.id)
    return list(db.session.scalars(stmt))


# --- Two-factor sign-in ---------------------------------------------------------------------------------


def test_a_code_is_accepted_one_step_either_side_of_now_and_not_two():
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now = 1_800_000_000
    step = totp.timecode(now)
    for offset, accepted in ((-2, False), (-1, True), (0, True), (1, True), (2, False)):
        code = totp.generate_otp(step + offset)
        assert (mfa._matching_step(secret, code, now) == step + offset) is accepted, offset
    assert mfa._matching_step(secret, "12345", now) is None  # five digits
    assert mfa._matching_step(secret, "1234567", now) is None  # seven
    assert mfa._matching_step(
        secret, " " + totp.generate_otp(step)[:3] + " " + totp.generate_otp(step)[3:], now
    )


def test_staff_without_two_factor_set_it_up_before_anything_else(client, db, make_user):
    user = make_user("recruiter", mfa=False)
    answer = password_step(client, user.email)
    assert answer.status_code == 302
    # Every page sends them to the set-up, even a page of their role.
    for path in ("/en/dashboard", "/en/recruit/processes", "/fr/profile"):
        page = client.get(path)
        assert page.status_code == 302 and page.headers["Location"].endswith("/account/two-factor"), path
    setup = client.get("/en/account/two-factor")
    assert setup.status_code == 200 and "<svg" in setup.get_data(as_text=True)
    with client.session_transaction() as session:
        secret = session["mfa_setup_secret"]
    wrong = post(client, "/en/account/two-factor", {"code": "000000"}, page="/en/account/two-factor")
    assert wrong.status_code == 422
    db.session.refresh(user)
    assert not user.mfa_enabled
    code = pyotp.TOTP(secret).now()
    done = post(client, "/en/account/two-factor", {"code": code}, page="/en/account/two-factor")
    assert done.status_code == 200
    codes = done.get_data(as_text=True).split("<code>")[1:]
    assert len(codes) == mfa.RECOVERY_CODES
    db.session.refresh(user)
    assert user.mfa_enabled and user.mfa_secret == secret
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(c.split("</code>")[0] in stored for c in codes)  # digests only
    assert client.get("/en/dashboard").status_code == 200
    assert actions(db, "auth.mfa_enabled") == ["auth.mfa_enabled"]


@pytest.mark.parametrize("role", ["candidate", "manager"])
def test_candidates_and_managers_may_sign_in_without_a_second_factor(client, db, make_user, role):
    user = make_user(role)
    assert password_step(client, user.email).headers["Location"] == "/en/dashboard"
    assert client.get("/en/dashboard").status_code == 200


def test_sign_in_with_two_factor_asks_the_code_and_a_code_works_once(client, app, db, make_user):
    user = make_user("admin")
    answer = password_step(client, user.email)
    assert answer.headers["Location"] == "/en/login/code"
    assert client.get("/en/dashboard").status_code == 302  # not signed in before the code
    code = totp_code(user)
    assert post(client, "/en/login/code", {"code": code}).headers["Location"] == "/en/dashboard"
    assert client.get("/en/dashboard").status_code == 200
    # The same code again, from another browser: refused (replay).
    other = app.test_client()
    password_step(other, user.email)
    replay = post(other, "/en/login/code", {"code": code})
    assert replay.status_code == 422
    assert other.get("/en/dashboard").status_code == 302
    assert "auth.mfa_code_replayed" in actions(db, "auth.mfa_code_replayed")
    [login_event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "auth.login")).all()
    assert login_event.details == {"factor": "totp"}


def test_five_wrong_codes_end_the_attempt(client, db, make_user):
    user = make_user("recruiter")
    password_step(client, user.email)
    for attempt in range(1, 5):
        assert post(client, "/en/login/code", {"code": "000000"}).status_code == 422, attempt
    fifth = post(client, "/en/login/code", {"code": "000000"})
    assert fifth.status_code == 302 and fifth.headers["Location"] == "/en/login"
    # Even the right code does not help now: the password comes first again.
    assert client.get("/en/login/code").headers["Location"] == "/en/login"
    assert actions(db, "auth.mfa_failed").count("auth.mfa_failed") == 5


def test_the_code_step_expires(client, db, make_user):
    user = make_user("recruiter")
    password_step(client, user.email)
    with client.session_transaction() as session:
        session["mfa_pending"] = {**session["mfa_pending"], "at": time.time() - 301}
    answer = post(client, "/en/login/code", {"code": totp_code(user)}, page="/en/login")
    assert answer.headers["Location"] == "/en/login"
    assert client.get("/en/dashboard").status_code == 302


def test_a_recovery_code_signs_in_once_and_the_owner_is_told(client, app, db, make_user):
    user = make_user("recruiter")
    codes = mfa._new_recovery_codes(user)
    db.session.commit()
    password_step(client, user.email)
    assert post(client, "/en/login/code", {"code": codes[0].upper()}).headers["Location"] == "/en/dashboard"
    other = app.test_client()
    password_step(other, user.email)
    assert post(other, "/en/login/code", {"code": codes[0]}).status_code == 422  # burnt
    mails = db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.recipient == user.email)).all()
    assert mails == ["recovery_code_used"]
    assert mfa.recovery_codes_left(user) == 9


def test_a_password_reset_does_not_skip_the_second_factor(client, db, make_user):
    user = make_user("admin")
    post(client, "/en/password/forgot", {"email": user.email})
    body = db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == "password_reset")).one()
    link = body.split("http://localhost")[1].split()[0]
    answer = post(client, link, {"password": "a brand new passphrase"})
    assert answer.headers["Location"] == "/en/login"
    assert client.get("/en/dashboard").status_code == 302
    assert password_step(client, user.email, "a brand new passphrase").headers["Location"] == "/en/login/code"


def test_staff_cannot_turn_two_factor_off_but_candidates_can(client, app, db, make_user):
    staff = make_user("recruiter")
    login(client, staff.email)
    page = client.get("/en/account/two-factor").get_data(as_text=True)
    assert "Turn off" not in page
    assert post(client, "/en/account/two-factor/off", page="/en/account/two-factor").status_code == 302
    db.session.refresh(staff)
    assert staff.mfa_enabled
    candidate = make_user("candidate", mfa_secret=TOTP_SECRET, mfa_enabled_at=staff.mfa_enabled_at)
    other = app.test_client()
    login(other, candidate.email)
    assert "Turn off" in other.get("/en/account/two-factor").get_data(as_text=True)
    post(other, "/en/account/two-factor/off", page="/en/account/two-factor")
    db.session.refresh(candidate)
    assert not candidate.mfa_enabled and candidate.mfa_secret is None
    assert actions(db, "auth.mfa_disabled") == ["auth.mfa_disabled"]


def test_an_admin_resets_someones_lost_second_factor_and_their_sessions_end(client, app, db, make_user):
    admin = make_user("admin")
    target = make_user("recruiter")
    theirs = app.test_client()
    login(theirs, target.email)
    login(client, admin.email)
    url = f"/en/admin/users/{target.id}/two-factor/reset"
    assert post(client, url, page=f"/en/admin/users/{target.id}").status_code == 302
    db.session.refresh(target)
    assert not target.mfa_enabled
    assert theirs.get("/en/dashboard").status_code == 302  # signed out
    assert actions(db, "auth.mfa_reset") == ["auth.mfa_reset"]


# --- Re-authentication ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes_ago", "asked"), [(4.9, False), (5.1, True)])
def test_a_role_change_asks_for_the_password_and_code_again_after_five_minutes(
    client, db, make_user, minutes_ago, asked
):
    admin = make_user("admin")
    target = make_user("candidate")
    login(client, admin.email)
    with client.session_transaction() as session:
        session["auth_at"] = time.time() - minutes_ago * 60
    page = f"/en/admin/users/{target.id}"
    answer = post(client, f"{page}/role", {"role": "manager"}, page=page, headers={"Referer": page})
    db.session.refresh(target)
    if not asked:
        assert target.role == Role.MANAGER
        return
    assert target.role == Role.CANDIDATE  # nothing changed
    assert answer.headers["Location"].startswith("/en/account/confirm?next=")
    confirm = answer.headers["Location"]
    wrong = post(client, confirm, {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 422
    right = post(client, confirm, {"password": PASSWORD, "code": totp_code(admin)})
    assert right.headers["Location"] == page
    post(client, f"{page}/role", {"role": "manager"}, page=page)
    db.session.refresh(target)
    assert target.role == Role.MANAGER
    assert actions(db, "auth.reauth_failed", "auth.reauthenticated") == [
        "auth.reauth_failed",
        "auth.reauthenticated",
    ]


def test_deactivation_and_two_factor_changes_ask_again_too(client, db, make_user):
    admin = make_user("admin")
    target = make_user("candidate")
    login(client, admin.email)
    with client.session_transaction() as session:
        session["auth_at"] = time.time() - 3600
    page = f"/en/admin/users/{target.id}"
    answer = post(client, f"{page}/active", {"active": "0"}, page=page)
    assert answer.headers["Location"].startswith("/en/account/confirm")
    db.session.refresh(target)
    assert target.active
    assert client.get("/en/account/two-factor").headers["Location"].startswith("/en/account/confirm")
    codes = post(client, "/en/account/two-factor/recovery-codes", page="/en/account/confirm")
    assert codes.headers["Location"].startswith("/en/account/confirm")


# --- Throttling -----------------------------------------------------------------------------------------


def _from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failures_are_counted_per_account_and_address_and_the_owner_elsewhere_still_signs_in(
    make_app, make_user, db
):
    user = make_user(email="target@example.com")
    limited = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        LOGIN_PAIR_RATE_LIMIT="5 per 15 minutes",
        LOGIN_RATE_LIMIT="100 per hour",
    )
    attacker = [password_step(_from(limited, "10.0.0.66"), user.email, f"guess {i}") for i in range(7)]
    assert [a.status_code for a in attacker] == [422] * 5 + [429] * 2
    # The right password from the attacker's address is refused too, for now ...
    assert password_step(_from(limited, "10.0.0.66"), user.email).status_code == 429
    # ... but the owner, from their own address, signs in; and the attacker's other accounts are not
    # blocked by this one (the pair is the unit).
    assert password_step(_from(limited, "10.0.0.7"), user.email).status_code == 302
    other = make_user(email="colleague@example.com")
    assert password_step(_from(limited, "10.0.0.66"), other.email).status_code == 302


def test_a_successful_sign_in_does_not_count_against_the_limits(make_app, make_user, db):
    user = make_user(email="busy@example.com")
    limited = make_app(
        RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", LOGIN_PAIR_RATE_LIMIT="2 per 15 minutes"
    )
    for _ in range(4):  # one office, one account signed in from four browsers
        assert password_step(_from(limited, "10.1.1.1"), user.email).status_code == 302
    assert [password_step(_from(limited, "10.1.1.1"), user.email, "nope").status_code for _ in range(3)] == [
        422,
        422,
        429,
    ]


def test_an_office_behind_one_address_is_not_locked_out_by_one_persons_typos(make_app, make_user, db):
    people = [make_user(email=f"office{i}@example.com") for i in range(12)]
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    for person in people[:11]:  # eleven people mistype once each, from the office's one address
        assert password_step(_from(limited, "192.0.2.10"), person.email, "typo typo typo").status_code == 422
    assert password_step(_from(limited, "192.0.2.10"), people[11].email).status_code == 302


@pytest.mark.parametrize(("failures", "told"), [(4, False), (5, True), (9, True)])
def test_the_owner_is_told_of_repeated_failures_once_an_hour(client, db, make_user, failures, told):
    user = make_user(email="watched@example.com", locale="fr")
    for i in range(failures):
        password_step(client, user.email, f"wrong password {i}")
    mails = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.recipient == user.email, OutboxMessage.kind == "sign_in_failures"
        )
    ).all()
    assert len(mails) == (1 if told else 0)  # never more than one an hour
    if told:
        assert mails[0].locale == "fr" and "5" in mails[0].body and "/fr/password/forgot" in mails[0].body


# --- No enumeration -------------------------------------------------------------------------------------


def test_registration_and_forgot_password_take_the_same_time_account_or_not(make_app, make_user, db):
    make_user(email="exists@example.com")
    app = make_app(
        ACCOUNT_ANSWER_MIN_MS=300,
        PASSWORD_HASH_TIME_COST=3,
        PASSWORD_HASH_MEMORY_KIB=65536,
        PASSWORD_HASH_PARALLELISM=4,
    )
    client = app.test_client()
    timings: dict[tuple[str, str], list[float]] = {}
    for round_ in range(4):
        for email in ("exists@example.com", f"nobody{round_}@example.com"):
            kind = "known" if email.startswith("exists") else "unknown"
            for page, data in (
                (
                    "/en/register",
                    {
                        "role": "candidate",
                        "first_name": "A",
                        "last_name": "B",
                        "email": email,
                        "password": "purple elephant marmalade",
                        "locale": "en",
                    },
                ),
                ("/en/password/forgot", {"email": email}),
            ):
                token = csrf_token(client, page)
                started = time.perf_counter()
                answer = client.post(page, data={**data, "csrf_token": token})
                timings.setdefault((page, kind), []).append(time.perf_counter() - started)
                assert answer.status_code in (200, 302), (page, kind)
    for page in ("/en/register", "/en/password/forgot"):
        known = statistics.median(timings[(page, "known")])
        unknown = statistics.median(timings[(page, "unknown")])
        assert known >= 0.3 and unknown >= 0.3, (page, known, unknown)
        assert abs(known - unknown) < 0.05, (page, known, unknown)


# --- The audit log is append-only -------------------------------------------------------------------------


def test_the_audit_log_cannot_be_rewritten_or_deleted_through_the_applications_connection(db, make_user):
    from sqlalchemy.exc import DBAPIError

    from talent import audit

    user = make_user()
    event = audit.record("test.event", actor=user, target_type="user", target_id=user.id, note="kept")
    db.session.commit()
    for statement in (
        "UPDATE audit_events SET action = 'test.forged' WHERE id = :id",
        "UPDATE audit_events SET at = at - interval '1 day' WHERE id = :id",
        'UPDATE audit_events SET details = \'{"note": "changed"}\' WHERE id = :id',
        "UPDATE audit_events SET actor_label = 'someone else' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
        "TRUNCATE audit_events",
    ):
        savepoint = db.session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement), {"id": event.id})
        savepoint.rollback()
    db.session.expire_all()
    kept = db.session.get(AuditEvent, event.id)
    assert kept.action == "test.event" and kept.details == {"note": "kept"}
    # The one change allowed: what deleting the account asks (label, details and address erased).
    db.session.execute(
        text("UPDATE audit_events SET actor_label = :label, details = '{}', ip = NULL WHERE id = :id"),
        {"id": event.id, "label": f"deleted user #{user.id}"},
    )
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).details == {}


def test_deleting_an_account_still_works_with_the_append_only_log(client, db, make_user):
    user = make_user(email="leaving@example.com")
    login(client, user.email)
    answer = post(client, "/en/profile/delete", {"confirm": "leaving@example.com", "password": PASSWORD})
    assert answer.status_code in (302, 303)
    db.session.refresh(user)
    assert user.deleted_at is not None
    labels = db.session.scalars(select(AuditEvent.actor_label).where(AuditEvent.actor_id == user.id)).all()
    assert labels and set(labels) == {f"deleted user #{user.id}"}
    assert db.session.scalar(select(User.email).where(User.id == user.id)).endswith("@invalid")
