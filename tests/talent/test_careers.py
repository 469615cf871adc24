"""Government employees (issue 16): a work e-mail address verified by a single-use, expiring link; the
current position from government work experiences; career interests and consent to share the profile with
the talent-management programme; all of it in the personal-data export and gone with the account."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talent.models import (
    AuditEvent,
    CareerInterest,
    Classification,
    Department,
    Experience,
    OutboxMessage,
    PasswordResetToken,
    TokenPurpose,
    WorkEmail,
)
from talent.models._types import utcnow
from talent.profiles import careers, experiences, privacy
from talent.profiles.services import ProfileError
from tests.conftest import csrf_token, login

GOV = ("gc.ca", "canada.ca")


def actions(user) -> list[str]:
    from talent.extensions import db

    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target_type == "user", AuditEvent.target_id == str(user.id))
            .order_by(AuditEvent.id)
        )
    )


def links_sent(db, address: str) -> list[str]:
    """The tokens of the verification links e-mailed to ``address``, oldest first."""
    bodies = db.session.scalars(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == address, OutboxMessage.kind == "work_email")
        .order_by(OutboxMessage.id)
    )
    return [re.search(r"/profile/work-email/verify/(\S+)", body).group(1) for body in bodies]


def add_address(db, user, address: str) -> str:
    """Add (or change to) ``address``; the token of the link sent."""
    tokens: list[str] = []

    def link_for(locale: str, token: str) -> str:
        tokens.append(token)
        return careers.verify_link(locale, token)

    careers.set_work_email(user, address, link_for)
    db.session.commit()
    return tokens[-1]


def verified(db, user, address: str) -> WorkEmail:
    record = careers.verify_work_email(user, add_address(db, user, address))
    db.session.commit()
    return record


def post(client, url, data, lang="en"):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, f"/{lang}/dashboard")})


# --- The domain rule ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "qualifies"),
    [
        ("pat@gc.ca", True),
        ("pat@x.gc.ca", True),
        ("pat.doe@tbs-sct.gc.ca", True),
        ("pat@canada.ca", True),
        ("Pat.Doe@TBS-SCT.GC.CA", True),  # upper case is the same address
        ("  pat@gc.ca ", True),
        ("pat@evilgc.ca", False),  # ends with the letters, not at the domain
        ("pat@gc.ca.example.com", False),  # the domain inside another one
        ("pat@notcanada.ca", False),
        ("pat@ca", False),
        ("pat@gc.ca.", False),
        ("pat@.gc.ca", False),
        ("pat@x..gc.ca", False),
        ("gc.ca", False),
        ("@gc.ca", False),
        ("pat@", False),
        ("pat doe@gc.ca", False),
        ("pat@gc.ca@gc.ca", False),
    ],
)
def test_a_work_address_is_at_a_listed_domain_or_a_subdomain_of_one(email, qualifies):
    assert careers.is_work_address(email, GOV) is qualifies


def test_the_domains_come_from_the_setting(app, monkeypatch):
    with app.app_context():
        assert careers.is_work_address("pat@x.canada.ca")
        monkeypatch.setitem(app.config, "WORK_EMAIL_DOMAINS", ("example.org",))
        assert careers.is_work_address("pat@dept.example.org")
        assert not careers.is_work_address("pat@x.canada.ca")


def test_an_address_is_stored_in_lower_case_unverified_and_a_link_is_e_mailed_to_it(db, make_user):
    user = make_user(locale="fr")
    token = add_address(db, user, "  Pat.Doe@TBS-SCT.GC.CA ")
    record = careers.work_email(user)
    assert record.email == "pat.doe@tbs-sct.gc.ca" and record.verified_at is None
    assert not careers.is_verified_employee(user)
    assert links_sent(db, "pat.doe@tbs-sct.gc.ca") == [token]
    message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "work_email")).one()
    assert message.locale == "fr" and "/fr/profile/work-email/verify/" in message.body
    assert "48" in message.body  # the hours it works, as an account's confirmation link
    link = careers.link_record(token)
    assert link.purpose == TokenPurpose.WORK_EMAIL.value and link.token_hash != token  # only its digest
    assert abs(link.expires_at - link.created_at - timedelta(hours=48)) < timedelta(seconds=5)
    assert actions(user) == ["work_email.added", "work_email.verification_sent"]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your work e-mail address."),
        ("pat", "Enter an e-mail address like name@example.com."),
        ("pat@evilgc.ca", "Enter a Government of Canada work address: at gc.ca, canada.ca"),
        ("pat@gc.ca.example.com", "Enter a Government of Canada work address"),
        ("p" * 250 + "@gc.ca", "Enter an e-mail address like name@example.com."),
    ],
)
def test_an_address_that_is_not_a_work_address_is_refused_and_nothing_is_stored(
    db, make_user, email, message
):
    user = make_user()
    with pytest.raises(careers.CareerError, match=re.escape(message)) as caught:
        careers.set_work_email(user, email)
    assert caught.value.field == "email"
    db.session.rollback()
    assert careers.work_email(user) is None
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


# --- The link -----------------------------------------------------------------------------------------------


def test_the_link_verifies_the_address_once(db, make_user):
    user = make_user()
    token = add_address(db, user, "pat@gc.ca")
    record = careers.verify_work_email(user, token)
    db.session.commit()
    assert record.verified_at is not None and careers.is_verified_employee(user)
    assert careers.link_record(token).used_at is not None
    with pytest.raises(careers.WorkEmailLinkError, match="expired or was already used") as caught:
        careers.verify_work_email(user, token)
    assert caught.value.status == 410
    assert actions(user)[-1] == "work_email.verified"


def test_verifying_spends_every_link_sent_for_the_address(db, make_user):
    user = make_user()
    first = add_address(db, user, "pat@gc.ca")
    careers.send_verification(user)
    db.session.commit()
    second_link = db.session.scalars(
        select(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id)
        .order_by(PasswordResetToken.id)
    ).all()[-1]
    careers.verify_work_email(user, first)
    db.session.commit()
    assert second_link.used_at is not None


def test_the_link_expires_at_its_expiry(db, make_user):
    just_before, at = make_user(), make_user()
    early = add_address(db, just_before, "early@gc.ca")
    late = add_address(db, at, "late@gc.ca")
    expires = careers.link_record(early).expires_at
    careers.verify_work_email(just_before, early, now=expires - timedelta(microseconds=1))
    with pytest.raises(careers.WorkEmailLinkError, match="expired"):
        careers.verify_work_email(at, late, now=careers.link_record(late).expires_at)
    db.session.commit()
    assert careers.is_verified_employee(just_before) and not careers.is_verified_employee(at)
    assert careers.link_record(late).used_at is None


def test_another_persons_link_verifies_nothing(db, make_user):
    owner, other = make_user(), make_user()
    token = add_address(db, owner, "owner@gc.ca")
    add_address(db, other, "other@gc.ca")
    with pytest.raises(careers.WorkEmailLinkError, match="sent for another account") as caught:
        careers.verify_work_email(other, token)
    assert caught.value.status == 404
    assert not careers.is_verified_employee(owner) and not careers.is_verified_employee(other)
    assert careers.link_record(token).used_at is None  # still the owner's to follow
    careers.verify_work_email(owner, token)
    assert careers.is_verified_employee(owner)


def test_a_link_for_an_address_since_changed_or_removed_verifies_nothing(db, make_user):
    user = make_user()
    old = add_address(db, user, "old@gc.ca")
    new = add_address(db, user, "new@canada.ca")
    with pytest.raises(careers.WorkEmailLinkError, match="since changed or removed"):
        careers.verify_work_email(user, old)
    assert careers.work_email(user).verified_at is None
    careers.verify_work_email(user, new)
    assert careers.work_email(user).email == "new@canada.ca" and careers.is_verified_employee(user)
    # Changing a verified address makes it unverified again, and removing it forgets it.
    again = add_address(db, user, "again@gc.ca")
    assert not careers.is_verified_employee(user)
    careers.remove_work_email(user)
    db.session.commit()
    assert careers.work_email(user) is None
    with pytest.raises(careers.WorkEmailLinkError, match="since changed or removed"):
        careers.verify_work_email(user, again)
    assert actions(user)[-1] == "work_email.removed"


def test_an_unknown_link_verifies_nothing(db, make_user):
    user = make_user()
    token = add_address(db, user, "pat@gc.ca")
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * len(token), ""):
        with pytest.raises(careers.WorkEmailLinkError, match="not valid"):
            careers.verify_work_email(user, forged)
    assert not careers.is_verified_employee(user)


def test_an_address_verified_by_another_person_is_refused_without_saying_who(db, make_user):
    first = make_user(first_name="Alexandra", last_name="Firstperson")
    second = make_user()
    # The second person entered it first, unverified: that is no one's yet.
    pending = add_address(db, second, "shared@gc.ca")
    verified(db, first, "shared@gc.ca")
    with pytest.raises(careers.CareerError, match="already verified by another account") as caught:
        careers.set_work_email(second, "SHARED@gc.ca")
    assert "Alexandra" not in caught.value.message and "Firstperson" not in caught.value.message
    assert caught.value.field == "email"
    with pytest.raises(careers.CareerError, match="already verified by another account"):
        careers.verify_work_email(second, pending)
    db.session.rollback()
    assert not careers.is_verified_employee(second)


def test_a_verification_racing_another_one_is_refused_cleanly(db, make_user, monkeypatch):
    """Both people pass the check before either commits: the partial unique index refuses the second."""
    first, second = make_user(), make_user()
    pending = add_address(db, second, "race@gc.ca")
    verified(db, first, "race@gc.ca")
    monkeypatch.setattr(careers, "_verified_by_other", lambda address, user: False)
    with pytest.raises(careers.CareerError, match="already verified by another account"):
        careers.verify_work_email(second, pending)
    db.session.rollback()
    db.session.expire_all()
    assert careers.work_email(second).verified_at is None
    assert careers.link_record(pending).used_at is None
    assert careers.work_email(first).verified_at is not None


def test_the_same_address_again_sends_a_new_link_and_a_verified_one_is_left_alone(db, make_user):
    user = make_user()
    add_address(db, user, "pat@gc.ca")
    add_address(db, user, "PAT@gc.ca")
    assert len(links_sent(db, "pat@gc.ca")) == 2
    careers.verify_work_email(user, links_sent(db, "pat@gc.ca")[0])
    with pytest.raises(careers.CareerError, match="already verified"):
        careers.set_work_email(user, "pat@gc.ca")
    with pytest.raises(careers.CareerError, match="already verified"):
        careers.send_verification(user)


def test_a_verified_address_makes_a_verified_employee_while_the_account_is_active(db, make_user):
    user = make_user()
    assert not careers.is_verified_employee(user)
    add_address(db, user, "pat@gc.ca")
    assert not careers.is_verified_employee(user)  # entered, not verified
    careers.verify_work_email(user, links_sent(db, "pat@gc.ca")[0])
    db.session.commit()
    assert careers.is_verified_employee(user)
    user.active = False
    db.session.commit()
    assert not careers.is_verified_employee(user)
    user.active = True
    user.deleted_at = utcnow()
    db.session.commit()
    assert not careers.is_verified_employee(user)


# --- The current position -----------------------------------------------------------------------------------


@pytest.fixture
def reference(db):
    rows = {
        "it02": Classification(group="IT", level=2, name_en="IT two", name_fr="TI deux"),
        "it03": Classification(group="IT", level=3, name_en="IT three", name_fr="TI trois"),
        "tbs": Department(
            number=9901, name_en="Treasury Board Secretariat", name_fr="Secrétariat du Conseil"
        ),
        "ssc": Department(number=9902, name_en="Shared Services Canada", name_fr="Services partagés Canada"),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


def work(db, user, start, end=None, department=None, classification=None, kind="work"):
    row = Experience(
        user_id=user.id,
        kind=kind,
        title="Analyst",
        organization="Government of Canada",
        start_date=start,
        end_date=end,
        department_id=department.id if department else None,
        classification_id=classification.id if classification else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_the_current_position_is_the_latest_current_government_work_experience(db, make_user, reference):
    user = make_user()
    assert careers.current_position(user.id) == careers.Position(None, None)
    work(db, user, date(2015, 1, 1), date(2019, 12, 31), reference["tbs"], reference["it02"])  # ended
    work(db, user, date(2023, 1, 1))  # current, outside the public service
    work(db, user, date(2023, 6, 1), kind="community", department=reference["ssc"])  # not work
    assert careers.current_position(user.id) == careers.Position(None, None)
    work(db, user, date(2020, 1, 1), None, reference["tbs"], reference["it02"])
    assert careers.current_position(user.id) == careers.Position(reference["it02"], reference["tbs"])
    later = work(db, user, date(2022, 3, 1), None, reference["ssc"], reference["it03"])
    assert careers.current_position(user.id) == careers.Position(reference["it03"], reference["ssc"])
    later.end_date = date(2024, 1, 1)
    db.session.commit()
    assert careers.current_position(user.id) == careers.Position(reference["it02"], reference["tbs"])
    # Either half is enough.
    work(db, user, date(2024, 2, 1), None, classification=reference["it03"])
    assert careers.current_position(user.id) == careers.Position(reference["it03"], None)


def test_the_experience_form_takes_the_department_and_classification(client, db, make_user, reference):
    user = make_user()
    login(client, user.email)
    page = client.get("/en/profile/experiences/new/work").get_data(as_text=True)
    assert "Department or agency (public service only)" in page and "IT-03 – IT three" in page
    data = {"title": "Analyst", "organization": "TBS", "start_date": "2021-04-01", "end_date": ""}
    response = post(
        client,
        "/en/profile/experiences/new/work",
        {**data, "department_id": str(reference["tbs"].id), "classification_id": str(reference["it03"].id)},
    )
    assert response.status_code == 302
    assert careers.current_position(user.id) == careers.Position(reference["it03"], reference["tbs"])
    page = client.get("/en/profile/career-interests").get_data(as_text=True)
    assert "IT-03" in page and "Treasury Board Secretariat" in page
    assert "We do not know your current position" not in page
    # An id that is no department is a form error, and nothing is stored.
    response = post(client, "/en/profile/experiences/new/work", {**data, "department_id": "999999"})
    assert response.status_code == 422 and "Choose an option from the list." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(Experience)) == 1


def test_only_work_experiences_keep_a_department(db, make_user, reference):
    user = make_user()
    data = {
        "title": "Volunteer",
        "organization": "Club",
        "start_date": date(2020, 1, 1),
        "department_id": str(reference["tbs"].id),
        "classification_id": str(reference["it02"].id),
    }
    row = experiences.save_experience(user, "community", data)
    assert row.department_id is None and row.classification_id is None
    row = experiences.save_experience(user, "work", data)
    assert row.department_id == reference["tbs"].id and row.classification_id == reference["it02"].id
    with pytest.raises(ProfileError, match=r"Choose an option from the list\.") as caught:
        experiences.save_experience(user, "work", {**data, "classification_id": "abc"})
    assert caught.value.field == "classification_id"


def test_without_a_current_position_the_page_says_how_to_give_one(client, db, make_user, reference):
    user = make_user()
    work(db, user, date(2015, 1, 1), date(2019, 12, 31), reference["tbs"], reference["it02"])
    login(client, user.email)
    page = client.get("/en/profile/career-interests").get_data(as_text=True)
    assert "We do not know your current position" in page
    assert "/en/profile/experiences/new/work" in page


# --- Career interests ---------------------------------------------------------------------------------------

INTERESTS = {
    "wants_advancement": True,
    "advancement_timeframe": "within_1_year",
    "wants_lateral": True,
    "lateral_moves": ["other_department", "assignment"],
    "development_programmes": ["coaching"],
    "mentoring": ["mentor", "mentee"],
    "consent": False,
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"wants_advancement": False}, "advancement_timeframe"),  # a timeframe only with moving up
        ({"wants_lateral": False}, "lateral_moves"),  # kinds only with moving laterally
        ({"advancement_timeframe": "someday"}, "advancement_timeframe"),
        ({"lateral_moves": ["teleport"]}, "lateral_moves"),
        ({"development_programmes": ["coaching", "astronaut"]}, "development_programmes"),
        ({"mentoring": ["boss"]}, "mentoring"),
    ],
)
def test_bad_career_interests_are_refused_and_nothing_is_stored(db, make_user, change, field):
    user = make_user()
    with pytest.raises(careers.CareerError) as caught:
        careers.save_career_interests(user, **{**INTERESTS, **change})
    assert caught.value.field == field
    db.session.rollback()
    assert careers.career_interests(user) is None


def test_career_interests_are_saved_in_the_vocabulary_order(db, make_user):
    user = make_user()
    record = careers.save_career_interests(
        user, **{**INTERESTS, "lateral_moves": ["assignment", "other_department", "assignment"]}
    )
    assert record.lateral_moves == ["other_department", "assignment"]
    assert record.mentoring == ["mentor", "mentee"]
    # Moving up without a timeframe, and no lateral kinds: both fine.
    record = careers.save_career_interests(
        user, **{**INTERESTS, "advancement_timeframe": "", "wants_lateral": False, "lateral_moves": []}
    )
    assert record.advancement_timeframe is None and record.lateral_moves == []


def test_consent_is_given_then_withdrawn(db, make_user):
    user = make_user()
    given_at = utcnow()
    record = careers.save_career_interests(user, **{**INTERESTS, "consent": True}, now=given_at)
    db.session.commit()
    assert record.consent_at == given_at and record.consents
    assert db.session.scalar(select(careers.consent_condition(user.id)))
    # Saving again with consent keeps the moment it was given.
    careers.save_career_interests(user, **{**INTERESTS, "consent": True})
    assert record.consent_at == given_at
    careers.save_career_interests(user, **INTERESTS)
    db.session.commit()
    assert record.consent_at is None
    assert not db.session.scalar(select(careers.consent_condition(user.id)))
    assert [a for a in actions(user) if "consent" in a] == [
        "career_interests.consent_given",
        "career_interests.consent_withdrawn",
    ]


def test_career_interests_through_the_page(client, db, make_user):
    user = make_user()
    login(client, user.email)
    page = client.get("/en/profile/career-interests").get_data(as_text=True)
    # The consent says what is shared, with whom, and that withdrawing stops it at once.
    for words in ("profile, skills, experiences and career interests", "coordinators", "hiring managers"):
        assert words in page
    assert "If I withdraw my consent, this stops at once." in page
    form = {
        "wants_advancement": "y",
        "advancement_timeframe": "now",
        "lateral_moves": ["assignment"],  # without wanting a lateral move
        "consent": "y",
    }
    response = post(client, "/en/profile/career-interests", form)
    assert response.status_code == 422
    assert "only if you are interested in moving laterally" in response.get_data(as_text=True)
    assert careers.career_interests(user) is None
    response = post(client, "/en/profile/career-interests", {**form, "wants_lateral": "y"})
    assert response.status_code == 302
    record = careers.career_interests(user)
    assert (
        record.advancement_timeframe == "now" and record.lateral_moves == ["assignment"] and record.consents
    )
    page = client.get("/en/profile/career-interests").get_data(as_text=True)
    assert "You gave your consent on" in page
    response = post(client, "/en/profile/career-interests", {"wants_advancement": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert not careers.career_interests(user).consents


# --- The pages ----------------------------------------------------------------------------------------------


def test_a_person_verifies_their_work_address_through_the_pages(client, db, make_user):
    user = make_user()
    login(client, user.email)
    overview = client.get("/en/profile").get_data(as_text=True)
    assert "/en/profile/work-email" in overview and "/en/profile/career-interests" in overview
    response = post(client, "/en/profile/work-email", {"email": "pat@evilgc.ca"})
    assert response.status_code == 422 and "Enter a Government of Canada work address" in response.get_data(
        as_text=True
    )
    response = post(client, "/en/profile/work-email", {"email": "Pat@Tbs-Sct.GC.ca"})
    assert response.status_code == 302
    page = client.get("/en/profile/work-email").get_data(as_text=True)
    assert "We sent a link to pat@tbs-sct.gc.ca" in page and "Not verified yet" in page
    (token,) = links_sent(db, "pat@tbs-sct.gc.ca")
    url = f"/en/profile/work-email/verify/{token}"
    page = client.get(url)
    assert page.status_code == 200 and "Verify my work e-mail address" in page.get_data(as_text=True)
    assert not careers.is_verified_employee(user)  # opening the link changes nothing
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    assert careers.is_verified_employee(user)
    assert "Verified on" in client.get("/en/profile/work-email").get_data(as_text=True)
    # Followed again: a clear message, nothing changed.
    again = client.get(url)
    assert again.status_code == 410 and "expired or was already used" in again.get_data(as_text=True)
    # Removed: no longer a verified employee.
    response = post(client, "/en/profile/work-email/remove", {})
    assert response.status_code == 302 and careers.work_email(user) is None


@pytest.mark.parametrize("role", ["manager", "recruiter", "coordinator", "admin"])
def test_hiring_managers_verify_a_work_address_too_and_staff_do_not(client, db, make_user, role):
    """Hiring managers are government employees who nominate colleagues: the work e-mail pages are theirs
    as well as candidates' (without the profile's breadcrumb or career interests, which only candidates
    have). Staff roles nominate nobody: 403."""
    user = make_user(role)
    login(client, user.email)
    page = client.get("/en/profile/work-email")
    if role != "manager":
        assert page.status_code == 403
        assert post(client, "/en/profile/work-email", {"email": "pat@tbs-sct.gc.ca"}).status_code == 403
        assert careers.work_email(user) is None
        return
    html = page.get_data(as_text=True)
    assert (
        page.status_code == 200
        and "/en/profile/career-interests" not in html
        and 'href="/en/profile"' not in html
    )
    assert post(client, "/en/profile/work-email", {"email": "morgan@tbs-sct.gc.ca"}).status_code == 302
    (token,) = links_sent(db, "morgan@tbs-sct.gc.ca")
    url = f"/en/profile/work-email/verify/{token}"
    assert client.post(url, data={"csrf_token": csrf_token(client, url)}).status_code == 302
    assert careers.is_verified_employee(user)


def test_the_link_page_of_another_person_and_of_a_guest(app, client, db, make_user):
    owner, other = make_user(), make_user()
    token = add_address(db, owner, "owner@gc.ca")
    url = f"/en/profile/work-email/verify/{token}"
    guest = app.test_client().get(url)
    assert guest.status_code == 302 and "/en/login" in guest.headers["Location"]
    login(client, other.email)
    page = client.get(url)
    assert page.status_code == 404 and "sent for another account" in page.get_data(as_text=True)
    response = client.post(url, data={"csrf_token": csrf_token(client, "/en/dashboard")})
    assert response.status_code == 404
    assert not careers.is_verified_employee(owner) and careers.link_record(token).used_at is None


@pytest.mark.parametrize(
    ("path", "english", "french"),
    [
        ("/profile/work-email", "Work e-mail address", "Adresse courriel professionnelle"),
        ("/profile/career-interests", "Career interests", "Intérêts professionnels"),
    ],
)
def test_the_pages_in_both_languages(client, db, make_user, path, english, french):
    user = make_user()
    login(client, user.email)
    en = client.get(f"/en{path}").get_data(as_text=True)
    fr = client.get(f"/fr{path}").get_data(as_text=True)
    assert english in en and french not in en
    assert french in fr and english not in fr


def test_the_link_pages_in_french(client, db, make_user):
    user = make_user(locale="fr")
    login(client, user.email, lang="fr")
    token = add_address(db, user, "pat@gc.ca")
    page = client.get(f"/fr/profile/work-email/verify/{token}").get_data(as_text=True)
    assert "Vérifier mon adresse courriel professionnelle" in page
    page = client.get("/fr/profile/work-email/verify/nope").get_data(as_text=True)
    assert "Ce lien de vérification n’est pas valide" in page
    body = db.session.scalars(select(OutboxMessage.body).where(OutboxMessage.kind == "work_email")).one()
    assert "Le lien fonctionne une seule fois" in body


def test_sending_links_is_limited_per_hour(make_app, db, make_user):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    user = make_user()
    client = limited.test_client()
    login(client, user.email)
    # Refused addresses send nothing and do not count.
    for _ in range(6):
        assert post(client, "/en/profile/work-email", {"email": "pat@evilgc.ca"}).status_code == 422
    assert post(client, "/en/profile/work-email", {"email": "pat@gc.ca"}).status_code == 302
    statuses = [post(client, "/en/profile/work-email/resend", {}).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 302, 429]
    assert len(links_sent(db, "pat@gc.ca")) == 5
    assert "Too many attempts" in post(client, "/en/profile/work-email", {"email": "pat@gc.ca"}).get_data(
        as_text=True
    )


# --- Personal data ------------------------------------------------------------------------------------------


def test_the_export_holds_the_work_address_and_career_interests_and_no_link(db, make_user):
    user = make_user()
    add_address(db, user, "old@gc.ca")
    verified(db, user, "pat@gc.ca")
    careers.save_career_interests(user, **{**INTERESTS, "consent": True})
    db.session.commit()
    data = privacy.export_data(user)
    assert data["work_email"]["email"] == "pat@gc.ca" and data["work_email"]["verified_at"]
    assert set(data["work_email"]) == {"email", "created_at", "verified_at"}
    assert data["career_interests"]["lateral_moves"] == ["other_department", "assignment"]
    assert data["career_interests"]["consent_at"]
    # The verification e-mails sent to the work addresses (old and current) are listed with the others.
    recipients = {mail["recipient"] for mail in data["emails"] if mail["kind"] == "work_email"}
    assert recipients == {"old@gc.ca", "pat@gc.ca"}
    hashes = set(db.session.scalars(select(PasswordResetToken.token_hash)))
    text = json.dumps({k: v for k, v in data.items() if k != "emails"})
    assert hashes and not any(h in text for h in hashes)


def test_deleting_the_account_removes_the_work_address_and_career_interests(db, make_user):
    user = make_user()
    add_address(db, user, "old@gc.ca")
    verified(db, user, "pat@gc.ca")
    careers.save_career_interests(user, **{**INTERESTS, "consent": True})
    db.session.commit()
    privacy.delete_account(user)
    db.session.commit()
    assert (
        db.session.scalar(select(func.count()).select_from(WorkEmail).where(WorkEmail.user_id == user.id))
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count()).select_from(CareerInterest).where(CareerInterest.user_id == user.id)
        )
        == 0
    )
    assert not careers.is_verified_employee(user)
    # The e-mails sent to the work addresses are anonymised like the others.
    left = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "work_email")).all()
    assert left and all(m.recipient.endswith("@invalid") and m.body == "" for m in left)
    data = privacy.export_data(user)
    assert data["work_email"] is None and data["career_interests"] is None
    assert not [m for m in data["emails"] if m["kind"] == "work_email"]
    # The address is free for its next owner.
    other = make_user()
    verified(db, other, "pat@gc.ca")
    assert careers.is_verified_employee(other)


def test_the_tables_are_declared_as_personal_data():
    assert privacy.TABLES["work_emails"] == "work_email"
    assert privacy.TABLES["career_interests"] == "career_interests"
