import os

from django.apps import AppConfig


def _one_blas_thread() -> None:
    """Score similarity on one BLAS thread, and let idle OpenMP threads sleep.

    A request multiplies a 100,000 x 384 matrix by one vector. Split over
    threads on a small, busy machine, that product took 15-30 ms instead of
    5 ms, and a search right after embedding its query up to 200 ms, the
    threads of OpenMP and OpenBLAS spinning against each other. A web server
    gets its parallelism from concurrent requests, not from one product.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read when torch starts OpenMP, later
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # comes with the semantic extra; without it the matrices are small anyway
        return
    threadpool_limits(limits=1, user_api="blas")


class WorkConfig(AppConfig):
    name = "oneteam.work"
    label = "work"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Work register"

    def ready(self) -> None:
        _one_blas_thread()
        from oneteam.chapters import registry

        from . import views

        from oneteam.core import periodic

        from .tasks import NEIGHBOURS_EVERY, find_neighbours

        periodic.register("work.neighbours", every=NEIGHBOURS_EVERY, task=find_neighbours)
        registry.register_section(
            registry.Section(name="work", order=20, template="work/_chapter_section.html",
                             context=views.chapter_section)
        )
