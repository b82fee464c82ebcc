from django.urls import reverse


def test_pages_render(client, unconference, rooms_and_slots, pitch_by, make_user, global_organiser):
    ana = make_user(display_name="Ana")
    pitch = pitch_by(ana, "Digital inclusion in rural areas", "Let us *talk*.")
    client.force_login(global_organiser)
    for url in [reverse("unconf:list"), unconference.get_absolute_url(), pitch.get_absolute_url(),
                reverse("unconf:setup", args=[unconference.slug]), reverse("unconf:grid", args=[unconference.slug]),
                reverse("unconf:merge", args=[unconference.slug]), reverse("unconf:clusters", args=[unconference.slug]),
                reverse("unconf:agenda", args=[unconference.slug]), reverse("unconf:pitch_new", args=[unconference.slug])]:
        assert client.get(url).status_code == 200, url
