"""Who may do what with saved searches — declared once, used by pages and API alike.

The search, its results and the recommendations read only public documents: they need no permission
(recommendations for an agent or a project are shown to whoever may see that agent or project).
A saved search is private: only its owner sees, renames, deletes it or switches its alerts.
"""

import rules

from .predicates import is_competence_watch_owner, is_saved_search_owner

rules.add_perm("search.add_savedsearch", rules.is_authenticated)
# Without an object: the list of one's own saved searches.
rules.add_perm("search.list_savedsearch", rules.is_authenticated)
rules.add_perm("search.view_savedsearch", is_saved_search_owner)
rules.add_perm("search.change_savedsearch", is_saved_search_owner)
rules.add_perm("search.delete_savedsearch", is_saved_search_owner)

# Competence watches: private like saved searches.
rules.add_perm("search.add_competencewatch", rules.is_authenticated)
rules.add_perm("search.list_competencewatch", rules.is_authenticated)
rules.add_perm("search.view_competencewatch", is_competence_watch_owner)
rules.add_perm("search.delete_competencewatch", is_competence_watch_owner)
