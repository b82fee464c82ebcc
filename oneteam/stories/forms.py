"""The story form, with GOV.UK error messages."""

from __future__ import annotations

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from oneteam.chapters.models import Chapter
from oneteam.goals.forms import principle_field

from . import selectors, uploads
from .models import LANGUAGES, Story

DURATION = re.compile(r"(?:(\d{1,2}):)?(\d{1,3}):(\d{2})")


def _text(label, max_length, required=True, help_text="", widget=None, missing=None):
    messages = {"max_length": format_lazy(_("{label} must be {max} characters or fewer"), label=label,
                                          max=f"{max_length:,}")}
    if missing:
        messages["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=required, help_text=help_text,
                           widget=widget, error_messages=messages)


class StoryForm(forms.Form):
    title = _text(_("Title"), 150, missing=_("Enter a title"))
    summary = _text(_("Summary"), 300, required=False, help_text=_("One or two sentences for lists and feeds."))
    kind = forms.ChoiceField(label=_("Kind of story"), choices=Story.Kind.choices, initial=Story.Kind.BLOG,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Select the kind of story"),
                                             "invalid_choice": _("Select the kind of story")})
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en",
                                 error_messages={"required": _("Select the language"),
                                                 "invalid_choice": _("Select a language from the list")})
    chapter = forms.ModelChoiceField(
        label=_("Chapter"), queryset=Chapter.objects.order_by("name"), required=False, to_field_name="slug",
        empty_label=_("None"), error_messages={"invalid_choice": _("Select a chapter from the list")},
    )
    co_authors = _text(
        _("Co-authors"), 1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Members who wrote it with you: their public name or e-mail address, one a line. They see the "
                    "draft and can edit and publish the story; the story shows their public names."),
    )
    principles = principle_field(help_text=_("Which of the seven principles does the story show?"))
    themes = _text(_("Themes"), 400, required=False,
                   help_text=_("Separate them with commas, for example: wellbeing, climate, leadership"))
    body = _text(_("Story"), 100_000, missing=_("Write the story"), widget=forms.Textarea(attrs={"rows": 16}),
                 help_text=_("You can use Markdown: ## for a heading, **bold**, [a link](https://example.org). "
                             "Link to a goal or an event on this site and the story is listed with it."))
    cover_image = forms.FileField(
        label=_("Cover image"), required=False,
        help_text=_("A JPEG, PNG, WebP or GIF picture, smaller than 5 MB."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
        error_messages={"invalid": _("The cover image could not be read: choose the file again")},
    )
    cover_alt = _text(_("Describe the cover image"), 250, required=False,
                      help_text=_("What the picture shows, for people who cannot see it. Needed with every image."))
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)
    audio_file = forms.FileField(
        label=_("Audio file (podcast episodes)"), required=False,
        help_text=_("An MP3, M4A, Ogg or WAV recording, smaller than 200 MB."),
        widget=forms.FileInput(attrs={"accept": "audio/*"}),
        error_messages={"invalid": _("The audio file could not be read: choose the file again")},
    )
    audio_url = forms.URLField(
        label=_("Or the audio's address"), required=False, max_length=200, assume_scheme="https",
        help_text=_("If the recording is hosted elsewhere, for example https://media.example.org/episode-1.mp3"),
        error_messages={"invalid": _("Enter the audio's address as a web address, like "
                                     "https://media.example.org/episode-1.mp3")},
    )
    audio_bytes = forms.IntegerField(
        label=_("Size of the hosted file in bytes"), required=False, min_value=0,
        help_text=_("Podcast apps use it; leave empty if you do not know."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "data-width": "10"}),
        error_messages={"invalid": _("Enter the size as a whole number of bytes"),
                        "min_value": _("Enter the size as a whole number of bytes")},
    )
    duration = _text(_("Duration (podcast episodes)"), 10, required=False,
                     help_text=_("Minutes and seconds, or hours, minutes and seconds: 32:15 or 1:02:30"),
                     widget=forms.TextInput(attrs={"data-width": "5"}))
    transcript = _text(_("Transcript (podcast episodes)"), 200_000, required=False,
                       widget=forms.Textarea(attrs={"rows": 10}),
                       help_text=_("Needed for every episode, so that people who cannot listen can read it."))

    def __init__(self, *args, story: Story | None = None, by=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.story = story
        self.by = by
        if story is None or not story.cover_image:
            del self.fields["remove_cover"]

    @classmethod
    def initial_for(cls, story: Story, by=None) -> dict:
        return {
            "co_authors": "\n".join(person.public_name for person in story.authors.all()
                                     if by is None or person.pk != by.pk),
            "title": story.title, "summary": story.summary, "kind": story.kind, "language": story.language,
            "chapter": story.chapter, "principles": list(story.principles.all()),
            "themes": ", ".join(t.name for t in story.themes.all()), "body": story.body,
            "cover_alt": story.cover_alt, "audio_url": story.audio_url,
            "audio_bytes": story.audio_bytes if story.audio_url else None,
            "duration": story.duration_display if story.duration_seconds else "", "transcript": story.transcript,
        }

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Enter a title"))
        return title

    def clean_co_authors(self) -> list:
        entries = [entry.strip() for line in self.cleaned_data["co_authors"].splitlines() for entry in line.split(",")]
        known = list(self.story.authors.all()) if self.story is not None else []
        try:
            people = selectors.members_named([entry for entry in entries if entry], known=known)
        except selectors.UnknownMember as exc:
            if exc.ambiguous:
                raise forms.ValidationError(format_lazy(
                    _("More than one member is called “{entry}”: enter their e-mail address instead"),
                    entry=exc.entry)) from None
            raise forms.ValidationError(format_lazy(
                _("No member has the name or e-mail address “{entry}”: check it, or ask them to join first"),
                entry=exc.entry)) from None
        return [person for person in people if self.by is None or person.pk != self.by.pk]

    def clean_duration(self) -> int:
        text = self.cleaned_data["duration"].strip()
        if not text:
            return 0
        match = DURATION.fullmatch(text)
        if not match or int(match.group(3)) > 59 or (match.group(1) and int(match.group(2)) > 59):
            raise forms.ValidationError(_("Enter the duration like 32:15 or 1:02:30"))
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        return hours * 3600 + minutes * 60 + seconds

    def clean_cover_image(self):
        upload = self.cleaned_data.get("cover_image")
        if upload:
            try:
                uploads.check_cover(upload)
            except uploads.UploadRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def clean_audio_file(self):
        upload = self.cleaned_data.get("audio_file")
        if upload:
            try:
                uploads.check_audio(upload)
            except uploads.UploadRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def clean(self):
        data = super().clean()
        has_cover = data.get("cover_image") or (self.story and self.story.cover_image and not data.get("remove_cover"))
        if has_cover and not data.get("cover_alt", "").strip() and "cover_alt" not in self.errors:
            self.add_error("cover_alt", _("Describe the cover image for people who cannot see it"))
        if data.get("audio_file") and data.get("audio_url"):
            self.add_error("audio_url", _("Give an audio file or an audio address, not both"))
        return data

    def story_data(self) -> dict:
        data = self.cleaned_data
        story = {
            "title": data["title"], "summary": data["summary"], "kind": data["kind"], "language": data["language"],
            "chapter": data["chapter"], "body": data["body"], "cover_alt": data["cover_alt"],
            "audio_url": data["audio_url"], "duration_seconds": data["duration"], "transcript": data["transcript"],
        }
        if data["audio_url"]:
            story["audio_bytes"] = data["audio_bytes"] or 0
        return story

    def relations(self) -> dict:
        data = self.cleaned_data
        relations = {"principles": data["principles"], "themes": data["themes"],
                     "cover": data.get("cover_image") or None, "audio": data.get("audio_file") or None}
        if self.by is not None:  # the writer stays an author (an administrator editing someone's story does not become one)
            is_author = self.story is None or self.story.authors.filter(pk=self.by.pk).exists()
            relations["authors"] = ([self.by] if is_author else []) + data.get("co_authors", [])
        return relations
