"""The work register: projects, who is responsible, their story, and how they relate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    class Phase(models.TextChoices):
        IDEA = "idea", _("Idea")
        DISCOVERY = "discovery", _("Discovery")
        ALPHA = "alpha", _("Alpha")
        BETA = "beta", _("Beta")
        LIVE = "live", _("Live")
        RETIRED = "retired", _("Retired")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone")
        MEMBERS = "members", _("Members: anyone signed in")
        TEAM = "team", _("Private: only the project's team")

    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    summary = models.TextField(_("summary"), max_length=4000)
    organisation = models.ForeignKey(
        "people.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="projects"
    )
    team = models.CharField(_("team"), max_length=150, blank=True)
    chapter = models.ForeignKey(
        "chapters.Chapter", verbose_name=_("chapter"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, default=Phase.IDEA)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="projects")
    visibility = models.CharField(_("who can see it"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="projects_registered"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on every change of what similarity reads; the in-process indexes
    # catch up by asking for projects changed since they last looked.
    changed_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=["idea", "discovery", "alpha", "beta", "live", "retired"]),
                name="project_phase_valid",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "members", "team"]), name="project_visibility_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_ends_after_start",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="project_has_title"),
        ]
        indexes = [
            # The register's list, newest first, read in index order (no sort of every row).
            models.Index(fields=["visibility", "-changed_at", "-id"], name="project_list_by_visibility"),
            models.Index(fields=["-changed_at", "-id"], name="project_list_order"),
            # The filters, read in the list's order too: a rare combination (a phase in one country)
            # walked every public project and its organisation (0.5-0.8 s at 100,000 projects).
            # The organisation rides along last, so a country's organisations are checked in the index.
            models.Index(fields=["visibility", "phase", "-changed_at", "-id", "organisation"],
                         name="project_list_by_phase"),
            models.Index(fields=["organisation", "visibility", "-changed_at", "-id"],
                         name="project_list_by_organisation"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("work:detail", args=[self.slug])

    @property
    def text(self) -> str:
        """What the similarity index reads: the title on the first line, then the summary."""
        return f"{self.title}\n{self.summary}"

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.TEAM


class ProjectPerson(models.Model):
    """Someone on a project: a member of the site, or a named contact who is not."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="project_roles"
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    responsible = models.BooleanField(_("responsible for the project"), default=False)

    class Meta:
        ordering = ["-responsible", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="project_person_named"),
            models.UniqueConstraint(fields=["project", "user"], condition=Q(user__isnull=False),
                                    name="project_person_once"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return str(self.user.public_name)
        return self.name


class ProjectLink(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=120)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["project", "url"], name="project_link_once")]


class ProjectUpdate(models.Model):
    """The story of a project, dated, below its static facts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("update"), max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="project_update_not_empty")]
        indexes = [models.Index(fields=["project", "-created_at", "-id"], name="project_update_story")]


class ProjectVector(models.Model):
    """A project's sentence embedding, made by the worker; raw float32 bytes."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="vector")
    model = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    embedded_at = models.DateTimeField(auto_now=True, db_index=True)


class Neighbour(models.Model):
    """One of a project's nearest projects in other organisations, found by the worker.

    The overlaps report ranks pairs from these rows instead of comparing
    projects while someone waits. Each project keeps its ``NEIGHBOURS`` best;
    when a project changes, the worker finds its neighbours again and drops
    the rows that scored it by its old words (``tasks.find_neighbours``).
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="neighbours")
    neighbour = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "neighbour"], name="neighbour_once"),
            models.CheckConstraint(condition=~Q(project=F("neighbour")), name="neighbour_not_itself"),
        ]
        indexes = [
            # The report reads the best pairs first, in index order.
            models.Index(fields=["-score"], name="neighbour_best_first"),
            models.Index(fields=["neighbour"], name="neighbour_of"),
        ]


class NeighbourScan(models.Model):
    """When the worker last found a project's neighbours: newer than the project's change, or stale."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True,
                                   related_name="neighbour_scan")
    scanned_at = models.DateTimeField()


class Relation(models.Model):
    """A judgement on a pair of projects; the lower id always comes first."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", _("Duplicate: the same work")
        OVERLAPPING = "overlapping", _("Overlapping: partly the same work")
        COMPLEMENTARY = "complementary", _("Complementary: they fit together")
        CONFLICTING = "conflicting", _("Conflicting: their objectives pull against each other")
        DISMISSED = "dismissed", _("Not related: stop suggesting this pair")

    first = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="relations_as_first")
    second = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="relations_as_second")
    kind = models.CharField(_("relation"), max_length=14, choices=Kind.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="relation_pair_ordered"),
            models.UniqueConstraint(fields=["first", "second"], name="relation_pair_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["duplicate", "overlapping", "complementary", "conflicting", "dismissed"]),
                name="relation_kind_valid",
            ),
        ]

    @property
    def is_dismissed(self) -> bool:
        return self.kind == self.Kind.DISMISSED

    def other(self, project: Project) -> Project:
        return self.second if project.pk == self.first_id else self.first


class Objective(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField(_("objective"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class KeyResult(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="key_results")
    title = models.CharField(_("key result"), max_length=200)
    start_value = models.DecimalField(_("starting value"), max_digits=14, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current = models.DecimalField(_("current value"), max_digits=14, decimal_places=2, default=0)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(target=F("start_value")), name="key_result_target_differs"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> int:
        """Per cent of the way from the starting value to the target, 0 to 100."""
        span = self.target - self.start_value
        done = (self.current - self.start_value) / span * 100
        return int(max(0, min(100, round(done))))


class ChecklistTemplate(models.Model):
    """A start-up or close-down checklist; ``chapter`` empty for the site's own, else a chapter's adaptation."""

    class Kind(models.TextChoices):
        STARTUP = "startup", _("Start-up")
        CLOSEDOWN = "closedown", _("Close-down")

    chapter = models.ForeignKey("chapters.Chapter", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="work_checklists")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    items = models.JSONField(default=list, help_text="The steps, in order: a list of texts.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chapter", "kind"], name="checklist_template_once_per_chapter"),
            models.UniqueConstraint(fields=["kind"], condition=Q(chapter__isnull=True),
                                    name="checklist_template_once_site_wide"),
            models.CheckConstraint(condition=Q(kind__in=["startup", "closedown"]), name="checklist_template_kind"),
        ]


class ChecklistStep(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checklist_steps")
    kind = models.CharField(max_length=10, choices=ChecklistTemplate.Kind.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "position"], name="checklist_step_position_once"),
            models.CheckConstraint(condition=Q(kind__in=["startup", "closedown"]), name="checklist_step_kind"),
        ]

    @property
    def done(self) -> bool:
        return self.done_at is not None


class HelpWanted(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="help_wanted")
    skill = models.CharField(_("skill"), max_length=80)
    note = models.CharField(_("what the help is for"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "skill"], name="help_wanted_skill_once"),
            models.CheckConstraint(condition=~Q(skill=""), name="help_wanted_has_skill"),
        ]
