"""Joining, leaving, organisers and who may do what on a chapter page."""

from __future__ import annotations

import datetime as dt

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from oneteam.chapters import selectors, services
from oneteam.chapters.models import Chapter, Membership, OrganiserInvitation

pytestmark = pytest.mark.django_db


def role(chapter, user):
    membership = Membership.objects.filter(chapter=chapter, user=user).first()
    return membership.role if membership else None


def test_join_and_leave(client, leeds, make_user):
    person = make_user()
    client.force_login(person)
    page = client.get(leeds.get_absolute_url()).content.decode()
    assert "Join this chapter" in page

    response = client.post(reverse("chapters:join", args=[leeds.slug]), follow=True)
    assert role(leeds, person) == "member"
    html = response.content.decode()
    assert "You have joined OneTeam Leeds" in html and "Leave this chapter" in html

    client.post(reverse("chapters:join", args=[leeds.slug]))  # twice changes nothing
    assert Membership.objects.filter(chapter=leeds, user=person).count() == 1

    response = client.post(reverse("chapters:leave", args=[leeds.slug]), follow=True)
    assert role(leeds, person) is None
    assert "You have left OneTeam Leeds" in response.content.decode()


def test_join_by_get_changes_nothing(client, leeds, make_user):
    person = make_user()
    client.force_login(person)
    response = client.get(reverse("chapters:join", args=[leeds.slug]))
    assert response.status_code == 302 and response["Location"] == leeds.get_absolute_url()
    assert role(leeds, person) is None


def test_leave_by_get_is_not_allowed(client, leeds, make_user):
    client.force_login(make_user())
    assert client.get(reverse("chapters:leave", args=[leeds.slug])).status_code == 405


def test_last_organiser_cannot_leave(client, leeds, organiser):
    client.force_login(organiser)
    response = client.post(reverse("chapters:leave", args=[leeds.slug]), follow=True)
    html = response.content.decode()
    assert "You are the only organiser of OneTeam Leeds" in html
    assert "Invite a co-organiser first" in html
    assert role(leeds, organiser) == "organiser"
    with pytest.raises(services.ChapterError):
        services.leave(chapter=leeds, by=organiser)


def invitation_link(message) -> str:
    return re.search(r"http://\S+/chapters/invitations/\S+/", message.body).group(0)


def test_organiser_can_leave_once_an_invited_co_organiser_accepts(client, leeds, organiser, make_user, committed):
    co = make_user(email="co@example.org", display_name="Cory")
    client.force_login(organiser)
    with committed():
        with_mail = client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": "CO@example.org"}, follow=True)
    assert "We have e-mailed an invitation to co@example.org" in with_mail.content.decode()
    assert role(leeds, co) is None  # nobody is an organiser without saying yes
    assert "Cory" not in client.get(leeds.get_absolute_url()).content.decode().split('id="organisers"')[1].split("</ul>")[0]
    (message,) = mail.outbox
    assert message.to == ["co@example.org"] and "Olu Organiser invites you to organise OneTeam Leeds" == message.subject

    link = urlsplit(invitation_link(message)).path
    client.force_login(co)
    page = client.get(link).content.decode()
    assert "Accept and become an organiser" in page
    with committed():
        response = client.post(link, {"answer": "accept"}, follow=True)
    assert "You are now an organiser of OneTeam Leeds" in response.content.decode()
    assert role(leeds, co) == "organiser"
    assert mail.outbox[-1].to == ["olu@example.org"] and "Cory is now an organiser" in mail.outbox[-1].subject

    client.force_login(organiser)
    client.post(reverse("chapters:leave", args=[leeds.slug]))
    assert role(leeds, organiser) is None
    assert selectors.organisers(leeds) == [co]


def test_accepting_promotes_an_existing_member(leeds, organiser, make_user, co_organise):
    member = make_user()
    services.join(chapter=leeds, by=member)
    co_organise(leeds, organiser, member)
    assert role(leeds, member) == "organiser"
    assert Membership.objects.filter(chapter=leeds).count() == 2


def banner(html: str) -> str:
    return re.search(r'<div class="govuk-notification-banner.*?</div>\s*</div>', html, re.S).group(0)


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, leeds, organiser, make_user, committed):
    make_user(email="known@example.org")
    client.force_login(organiser)
    answers = []
    for email in ("known@example.org", "nobody@example.org"):
        with committed():
            response = client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": email}, follow=True)
        answers.append((response.status_code, banner(response.content.decode()).replace(email, "ADDRESS")))
    assert answers[0] == answers[1]
    answers = [text for _status, text in answers]
    assert "We have e-mailed an invitation to ADDRESS" in answers[0]
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.org", "nobody@example.org"]
    assert Membership.objects.filter(chapter=leeds).count() == 1


def test_inviting_twice_sends_one_invitation(client, leeds, organiser, committed):
    client.force_login(organiser)
    for _ in range(2):
        with committed():
            client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": "twice@example.org"})
    assert len(mail.outbox) == 1
    assert OrganiserInvitation.objects.filter(chapter=leeds, email="twice@example.org").count() == 1


def test_only_the_invited_address_can_accept(client, leeds, organiser, make_user, committed):
    make_user(email="invited@example.org")
    stranger = make_user(email="forwarded-to@example.org")
    with committed():
        services.invite_organiser(chapter=leeds, by=organiser, email="invited@example.org")
    link = urlsplit(invitation_link(mail.outbox[0])).path
    client.force_login(stranger)
    html = client.post(link, {"answer": "accept"}, follow=True).content.decode()
    assert "This invitation was sent to another e-mail address" in html
    assert role(leeds, stranger) is None


def test_an_unconfirmed_address_cannot_accept(client, leeds, organiser, django_user_model):
    from allauth.account.models import EmailAddress

    person = django_user_model.objects.create_user(email="fresh@example.org", password="correct horse battery")
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)
    services.invite_organiser(chapter=leeds, by=organiser, email="fresh@example.org")
    invitation = OrganiserInvitation.objects.get(email="fresh@example.org")
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation=invitation, by=person)
    assert role(leeds, person) is None


def test_declining_needs_no_account_and_changes_nothing(client, leeds, organiser, committed):
    with committed():
        services.invite_organiser(chapter=leeds, by=organiser, email="no-thanks@example.org")
    link = urlsplit(invitation_link(mail.outbox[0])).path
    page = client.get(link).content.decode()
    assert "Sign in to accept" in page and "Decline" in page
    response = client.post(link, {"answer": "decline"}, follow=True)
    assert "You have declined the invitation" in response.content.decode()
    assert OrganiserInvitation.objects.get().status == "declined"
    assert "no longer open" in client.get(link).content.decode()
    assert Membership.objects.filter(chapter=leeds).count() == 1


def test_forged_mangled_or_expired_links_are_not_found(client, leeds, organiser, committed):
    with committed():
        services.invite_organiser(chapter=leeds, by=organiser, email="late@example.org")
    link = urlsplit(invitation_link(mail.outbox[0])).path
    invitation = OrganiserInvitation.objects.get()
    forged = reverse("chapters:invitation", args=[signing.dumps(invitation.pk, salt="something-else")])
    assert client.get(forged).status_code == 404
    assert client.get(link[:-5] + "xxxx/").status_code == 404
    OrganiserInvitation.objects.update(created_at=timezone.now() - selectors.INVITATION_VALID_FOR)
    assert client.get(link).status_code == 404


def test_organisers_see_and_can_withdraw_waiting_invitations(client, leeds, organiser, make_user, committed):
    with committed():
        services.invite_organiser(chapter=leeds, by=organiser, email="maybe@example.org")
    client.force_login(make_user())
    assert "maybe@example.org" not in client.get(leeds.get_absolute_url()).content.decode()
    client.force_login(organiser)
    assert "maybe@example.org" in client.get(leeds.get_absolute_url()).content.decode()
    invitation = OrganiserInvitation.objects.get()
    client.post(reverse("chapters:withdraw_invitation", args=[leeds.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"
    link = urlsplit(invitation_link(mail.outbox[0])).path
    assert "no longer open" in client.get(link).content.decode()


def test_invitations_are_rate_limited(client, leeds, organiser, committed):
    client.force_login(organiser)
    for n in range(services.INVITATIONS_PER_HOUR):
        with committed():
            client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": f"p{n}@example.org"})
    response = client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": "one-too-many@example.org"})
    html = response.content.decode()
    assert "There is a problem" in html and "Please wait an hour" in html
    assert 'value="one-too-many@example.org"' in html  # nothing typed is lost
    assert len(mail.outbox) == services.INVITATIONS_PER_HOUR
    assert not OrganiserInvitation.objects.filter(email="one-too-many@example.org").exists()


def test_empty_or_invalid_email_is_refused(client, leeds, organiser):
    client.force_login(organiser)
    for data in ({}, {"email": "not-an-address"}, {"email": "x" * 300 + "@example.org"}):
        response = client.post(reverse("chapters:invite", args=[leeds.slug]), data)
        assert "There is a problem" in response.content.decode()
    assert Membership.objects.filter(chapter=leeds).count() == 1
    assert not mail.outbox


class TestPermissions:
    @pytest.fixture
    def member(self, leeds, make_user):
        person = make_user()
        services.join(chapter=leeds, by=person)
        return person

    def test_non_organiser_gets_403(self, client, leeds, member, make_user):
        client.force_login(member)
        other = make_user(email="other@example.org")
        assert client.get(reverse("chapters:edit", args=[leeds.slug])).status_code == 403
        assert client.post(reverse("chapters:edit", args=[leeds.slug]), {"name": "Hijacked"}).status_code == 403
        assert (
            client.post(reverse("chapters:invite", args=[leeds.slug]), {"email": other.email}).status_code
            == 403
        )
        assert (
            client.post(reverse("chapters:tick", args=[leeds.slug, "rhythm"]), {"done": "true"}).status_code == 403
        )
        leeds.refresh_from_db()
        assert leeds.name == "OneTeam Leeds"
        assert role(leeds, other) is None and role(leeds, member) == "member"
        assert not leeds.checklist.filter(done_at__isnull=False).exists()

    def test_services_refuse_non_organisers(self, leeds, member, make_user):
        with pytest.raises(PermissionDenied):
            services.invite_organiser(chapter=leeds, by=member, email=make_user().email)
        with pytest.raises(PermissionDenied):
            services.tick(chapter=leeds, key="rhythm", by=member, done=True)
        with pytest.raises(PermissionDenied):
            services.update_chapter(chapter=leeds, by=member, name="Mine now")

    @pytest.mark.parametrize(
        ("name", "args", "method"),
        [
            ("chapters:join", [], "post"),
            ("chapters:leave", [], "post"),
            ("chapters:edit", [], "get"),
            ("chapters:invite", [], "post"),
            ("chapters:tick", ["rhythm"], "post"),
        ],
    )
    def test_anonymous_people_are_sent_to_sign_in(self, client, leeds, name, args, method):
        response = getattr(client, method)(reverse(name, args=[leeds.slug, *args]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert Membership.objects.filter(chapter=leeds).count() == 1

    def test_anonymous_page_offers_sign_in(self, client, leeds):
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert "Sign in to join this chapter" in html
        assert "Starter checklist" not in html and "Invite a co-organiser" not in html

    def test_unknown_chapter_is_404(self, client, organiser):
        client.force_login(organiser)
        assert client.get(reverse("chapters:detail", args=["no-such-chapter"])).status_code == 404
        assert client.post(reverse("chapters:join", args=["no-such-chapter"])).status_code == 404


class TestDetailPage:
    def test_organisers_link_to_public_profiles_only(self, client, leeds, organiser, make_user, co_organise):
        public = make_user(display_name="Pat Public", profile_public=True)
        co_organise(leeds, organiser, public)
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert f'href="{public.get_absolute_url()}">Pat Public</a>' in html
        assert "Olu Organiser" in html
        assert f'href="{organiser.get_absolute_url()}"' not in html

    def test_member_names_only_for_organisers(self, client, leeds, organiser, make_user):
        member = make_user(display_name="Mo Member")
        services.join(chapter=leeds, by=member)
        client.force_login(member)
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert "Mo Member" not in html
        assert "<dd class=\"govuk-summary-list__value\">2</dd>" in html
        client.force_login(organiser)
        assert "Mo Member" in client.get(leeds.get_absolute_url()).content.decode()

    def test_events_upcoming_past_and_drafts(self, client, leeds, organiser, make_user, make_event):
        now = timezone.now()
        make_event(chapter=leeds, title="Next lean coffee", start=now + dt.timedelta(days=3))
        make_event(chapter=leeds, title="Later lean coffee", start=now + dt.timedelta(days=30))
        make_event(chapter=leeds, title="Old lean coffee", start=now - dt.timedelta(days=30))
        make_event(chapter=leeds, title="Secret plan", status="draft")
        make_event(chapter=leeds, title="Called off", status="cancelled")
        client.force_login(make_user())
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert html.index("Next lean coffee") < html.index("Later lean coffee") < html.index("Old lean coffee")
        assert "Secret plan" not in html and "Called off" not in html
        client.force_login(organiser)
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert "Draft events" in html and "Secret plan" in html

    def test_parent_and_child_chapters(self, client, leeds, global_chapter):
        html = client.get(global_chapter.get_absolute_url()).content.decode()
        assert "Chapters within this one" in html and "OneTeam Leeds" in html
        html = client.get(leeds.get_absolute_url()).content.decode()
        assert f'href="{global_chapter.get_absolute_url()}">OneTeam Global</a>' in html

    def test_create_event_link_only_when_events_can_be_created(self, client, leeds, organiser):
        from django.urls import NoReverseMatch

        client.force_login(organiser)
        html = client.get(leeds.get_absolute_url()).content.decode()
        try:
            url = reverse("events:create", args=[leeds.slug])
        except NoReverseMatch:
            assert "Create an event" not in html
        else:
            assert f'href="{url}"' in html


class TestEdit:
    def test_organiser_edits_details(self, client, leeds, organiser):
        client.force_login(organiser)
        form = client.get(reverse("chapters:edit", args=[leeds.slug]))
        assert 'value="OneTeam Leeds"' in form.content.decode()
        response = client.post(
            reverse("chapters:edit", args=[leeds.slug]),
            {"name": "OneTeam Leeds and Bradford", "country": "GB", "city": "Leeds", "description": "New words",
             "rhythm": "Fortnightly", "contact_email": ""},
            follow=True,
        )
        assert "Your changes to the chapter are saved" in response.content.decode()
        leeds.refresh_from_db()
        assert (leeds.name, leeds.rhythm, leeds.slug) == ("OneTeam Leeds and Bradford", "Fortnightly", "oneteam-leeds")

    def test_edit_to_a_taken_name_is_refused(self, client, leeds, organiser, start, make_user, global_chapter):
        start(make_user(), "OneTeam York")
        client.force_login(organiser)
        response = client.post(
            reverse("chapters:edit", args=[leeds.slug]), {"name": "OneTeam York", "country": "GB", "rhythm": "Weekly"}
        )
        html = response.content.decode()
        assert "There is already a chapter called" in html and 'value="Weekly"' in html
        leeds.refresh_from_db()
        assert leeds.name == "OneTeam Leeds" and leeds.rhythm == "First Thursday of the month"

    def test_country_chapter_keeps_a_country(self, client, make_user, start):
        person = make_user()
        uk = start(person, "OneTeam UK", level=Chapter.Level.COUNTRY, country="GB")
        client.force_login(person)
        response = client.post(reverse("chapters:edit", args=[uk.slug]), {"name": "OneTeam UK", "country": ""})
        assert "Choose the country this chapter is for" in response.content.decode()
        uk.refresh_from_db()
        assert uk.country == "GB"
