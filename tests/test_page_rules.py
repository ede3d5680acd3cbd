"""Editors cannot build a tree that makes no sense."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.models import HomePage, MemorialArticlePage, StandardPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(MemorialArticlePage, HomePage)

    def test_only_one_home_page(self):
        root = Page.get_first_root_node()
        self.assertTrue(HomePage.objects.exists())
        self.assertFalse(HomePage.can_create_at(root))

    def test_memorial_article_sits_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(MemorialArticlePage, {HomePage})
        self.assertAllowedSubpageTypes(MemorialArticlePage, set())

    def test_only_one_memorial_article(self):
        home = HomePage.objects.get()
        self.assertFalse(MemorialArticlePage.can_create_at(home))

    def test_standard_pages_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
