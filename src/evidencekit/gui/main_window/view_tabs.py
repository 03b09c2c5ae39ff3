"""The tabs beside Work: Dashboard, Class roster, Credentials, People and Reviews.

The window opens on Work, so each of these is built the first time it is shown or
asked for (``lazy_tabs``); the services and key libraries behind them load then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from evidencekit.gui.main_window.lazy_tabs import LazyTabs
from evidencekit.gui.main_window.shell import WindowShell
from evidencekit.services.workspace_state import Changes

if TYPE_CHECKING:
    from evidencekit.gui.bundle_actions import BundleActions
    from evidencekit.gui.views.dashboard import DashboardView
    from evidencekit.gui.views.people_view import PeopleView
    from evidencekit.gui.views.reviews_view import ReviewsView
    from evidencekit.gui.views.roster_view import RosterView
    from evidencekit.gui.views.wallet_view import WalletView


def add_view_tabs(
    window: WindowShell,
    open_submission: Callable[[int], None],
    bundles: Callable[[], BundleActions],
) -> LazyTabs:
    """The five tabs after Work, in their order; ``open_submission`` is what the dashboard
    does with a row, ``bundles`` gives the bundle actions the Reviews tab works with."""

    def dashboard() -> DashboardView:
        from evidencekit.gui.views.dashboard import DashboardView

        view = DashboardView(window)
        view.openSubmission.connect(open_submission)
        view.follow(window.state)
        return view

    def roster() -> RosterView:
        from evidencekit.gui.views.roster_view import RosterView

        view = RosterView(window.workspace, window)
        view.changed.connect(lambda: window.state.apply(Changes(people=True)))
        view.follow(window.state)
        return view

    def wallet() -> WalletView:
        from evidencekit.gui.views.wallet_view import WalletView

        view = WalletView(window.workspace, window)
        view.follow(window.state)
        return view

    def people() -> PeopleView:
        from evidencekit.gui.views.people_view import PeopleView

        return PeopleView(window)

    def reviews() -> ReviewsView:
        from evidencekit.gui.views.reviews_view import ReviewsView

        return ReviewsView(bundles(), window)

    tr = window.tr
    tabs = LazyTabs(window.tabs)
    tabs.add("dashboard", tr("&Dashboard"), dashboard)
    tabs.add("roster", tr("Class r&oster"), roster)
    tabs.add("wallet", tr("Crede&ntials"), wallet)
    tabs.add("people", tr("Peop&le"), people)
    # No Alt letter is left for this tab on every screen; Alt+6 and View ▸ Reviews reach it.
    tabs.add("reviews", tr("Reviews"), reviews)
    return tabs
