"""``{% footnoted page %}…{% endfootnoted %}`` around a page's text: its note and figure links
numbered, then the notes and the sources cited; ``{% cited_in page as pages %}`` for a resource
page's "Cited in" list."""

from django import template

from citations import notes

register = template.Library()


class FootnotedNode(template.Node):
    def __init__(self, page, nodelist):
        self.page, self.nodelist = page, nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        page = self.page.resolve(context)
        if page is None:
            return html
        return notes.render(html, page, context.get("request"))


@register.tag
def footnoted(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% footnoted page %} takes the page")
    nodelist = parser.parse(("endfootnoted",))
    parser.delete_first_token()
    return FootnotedNode(parser.compile_filter(bits[1]), nodelist)


@register.simple_tag
def cited_in(page):
    return notes.citing_pages(page) if page is not None and page.pk else []
