// Markdown sections of the report (report-templates/) laid out into the flow: cmark parses the
// template; placeholders are filled in the parsed text, so a value (a handle, a title) is never
// read as Markdown.
#include "report_markdown.h"

#include <cmark.h>

#include <memory>

#include "scelle/base/handle.h"
#include "scelle/report/report_templates.h"

namespace scelle::core::report {

namespace {

using NodePtr = Handle<cmark_node, cmark_node_free>;

struct InlineStyle {
    Font font = Font::sans;
    Color color = kInk;
    std::string link;
};

class MarkdownLayout {
  public:
    MarkdownLayout(Flow& flow, const std::map<std::string, std::string>& values, double size)
        : m_flow(flow), m_values(values), m_size(size) {}

    void block(cmark_node* node, int list_depth) {
        for (cmark_node* n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
            switch (cmark_node_get_type(n)) {
                case CMARK_NODE_HEADING:
                    m_flow.heading(plain_text(n), cmark_node_get_heading_level(n) + 1);
                    break;
                case CMARK_NODE_PARAGRAPH:
                    m_flow.paragraph(inlines(n), list_depth * 16.0);
                    m_flow.skip(m_size * 0.45);
                    break;
                case CMARK_NODE_LIST:
                    list(n, list_depth);
                    m_flow.skip(m_size * 0.35);
                    break;
                case CMARK_NODE_CODE_BLOCK:
                    m_flow.code_block(trim_newline(fill(cmark_node_get_literal(n))), m_size - 1.5,
                                      list_depth * 16.0);
                    break;
                case CMARK_NODE_BLOCK_QUOTE:
                    block(n, list_depth + 1);
                    break;
                case CMARK_NODE_THEMATIC_BREAK:
                    m_flow.skip(4);
                    m_flow.rule();
                    m_flow.skip(8);
                    break;
                default:  // HTML blocks and anything else: shown as text, never interpreted
                    if (const char* lit = cmark_node_get_literal(n))
                        m_flow.paragraph(Spans{Span{fill(lit), Font::sans, m_size, kInk, {}}});
                    break;
            }
        }
    }

  private:
    void list(cmark_node* list, int depth) {
        const bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
        int number = ordered ? cmark_node_get_list_start(list) : 0;
        for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
            const std::string marker = ordered ? std::to_string(number++) + "." : "•";
            bool first = true;
            for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c)) {
                if (cmark_node_get_type(c) == CMARK_NODE_LIST) {
                    list_nested(c, depth + 1);
                } else if (first && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
                    m_flow.list_item(marker, inlines(c), depth * 16.0);
                } else {
                    m_flow.paragraph(inlines(c), depth * 16.0 + 14);
                }
                first = false;
            }
            m_flow.skip(m_size * 0.2);
        }
    }
    void list_nested(cmark_node* l, int depth) { list(l, depth); }

    Spans inlines(cmark_node* node) {
        Spans out;
        add_inlines(node, InlineStyle{}, out);
        return out;
    }

    void add_inlines(cmark_node* node, const InlineStyle& style, Spans& out) {
        for (cmark_node* n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
            InlineStyle s = style;
            switch (cmark_node_get_type(n)) {
                case CMARK_NODE_TEXT:
                    out.push_back(span(fill(cmark_node_get_literal(n)), s));
                    break;
                case CMARK_NODE_CODE:
                    s.font = Font::mono;
                    out.push_back(span(fill(cmark_node_get_literal(n)), s));
                    break;
                case CMARK_NODE_SOFTBREAK:
                    out.push_back(span(" ", s));
                    break;
                case CMARK_NODE_LINEBREAK:
                    out.push_back(span("\n", s));
                    break;
                case CMARK_NODE_STRONG:
                    s.font = Font::sans_bold;
                    add_inlines(n, s, out);
                    break;
                case CMARK_NODE_EMPH:
                    if (s.font == Font::sans)
                        s.font = Font::sans_italic;
                    add_inlines(n, s, out);
                    break;
                case CMARK_NODE_LINK:
                    s.color = kLinkBlue;
                    if (const char* url = cmark_node_get_url(n))
                        s.link = url;
                    add_inlines(n, s, out);
                    break;
                default:
                    if (const char* lit = cmark_node_get_literal(n))
                        out.push_back(span(fill(lit), s));
                    else
                        add_inlines(n, s, out);
                    break;
            }
        }
    }

    Span span(std::string text, const InlineStyle& s) const {
        const double size = s.font == Font::mono ? m_size - 0.8 : m_size;
        return Span{std::move(text), s.font, size, s.color, s.link};
    }

    std::string plain_text(cmark_node* node) {
        std::string out;
        for (cmark_node* n = cmark_node_first_child(node); n; n = cmark_node_next(n)) {
            if (const char* lit = cmark_node_get_literal(n))
                out += lit;
            else
                out += plain_text(n);
        }
        return fill(out);
    }

    std::string fill(const char* text) const {
        return fill_placeholders(text ? text : "", m_values);
    }
    std::string fill(const std::string& text) const { return fill_placeholders(text, m_values); }
    static std::string trim_newline(std::string s) {
        while (!s.empty() && s.back() == '\n')
            s.pop_back();
        return s;
    }

    Flow& m_flow;
    const std::map<std::string, std::string>& m_values;
    double m_size;
};

}  // namespace

void layout_markdown(Flow& flow, std::string_view markdown,
                     const std::map<std::string, std::string>& values, double size) {
    NodePtr doc(cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT));
    if (!doc)
        return;
    // cmark splits text at characters that may delimit emphasis ("{{case", "_", "reference}}"):
    // merged again, each placeholder is whole in one text node when it is filled.
    cmark_consolidate_text_nodes(doc.get());
    MarkdownLayout(flow, values, size).block(doc.get(), 0);
}

}  // namespace scelle::core::report
