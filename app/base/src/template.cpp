// The small template language of template.h: finding {{tags}}, the report's one-pass filling,
// and the block renderer (parsed into a tree, then rendered with a chain of scopes).
#include "scelle/base/template.h"

#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>

namespace scelle::core {

namespace {

constexpr std::string_view kOpen = "{{";
constexpr std::string_view kClose = "}}";
// A placeholder's name is short and on one line; anything longer between braces is text.
constexpr std::size_t kMaxNameLength = 64;

struct Found {
    std::size_t begin = 0;  // offset of "{{"
    std::size_t end = 0;    // offset just past "}}"
    std::string_view name;  // what is between the braces, as written
};

// The first {{name}} at or after `from`. The name is whatever stands between the braces, as
// long as it is non-empty, on one line and holds no brace: "{{ case_title }}" is found with
// its spaces, so that a misspelt placeholder is reported as unknown instead of being printed.
std::optional<Found> next_placeholder(std::string_view text, std::size_t from) {
    while (from < text.size()) {
        const std::size_t open = text.find(kOpen, from);
        if (open == std::string_view::npos)
            return std::nullopt;
        const std::size_t start = open + kOpen.size();
        const std::size_t close = text.find(kClose, start);
        if (close == std::string_view::npos)
            return std::nullopt;
        const std::string_view name = text.substr(start, close - start);
        const bool usable = !name.empty() && name.size() <= kMaxNameLength &&
                            name.find_first_of("{}\r\n") == std::string_view::npos;
        if (usable)
            return Found{open, close + kClose.size(), name};
        // "{{{x}}}" and the like: try again one character further.
        from = open + 1;
    }
    return std::nullopt;
}

// --- The block renderer ----------------------------------------------------------------------

struct Node {
    enum class Kind { text, value, if_block, each_block };
    Kind kind = Kind::text;
    std::string_view text;  // Kind::text: the text; otherwise the name
    int line = 0;           // where the tag is, for messages
    std::vector<Node> body;
    std::vector<Node> otherwise;  // if_block: after {{else}}
};

Error template_error(int line, std::string detail) {
    return make_error(Errc::internal, "template", fmt::format("line {}: {}", line, detail));
}

bool is_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

class Parser {
  public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Result<std::vector<Node>> parse() {
        std::vector<Node> top;
        SCELLE_ASSIGN_OR_RETURN(std::string_view end, parse_into(top, {}));
        if (!end.empty())
            return template_error(m_end_line,
                                  fmt::format("{{{{{}}}}} without its opening tag", end));
        return top;
    }

  private:
    // The line of `pos`, which never goes back: counts only the text since the last call.
    int line_at(std::size_t pos) {
        m_line +=
            static_cast<int>(std::count(m_text.begin() + static_cast<std::ptrdiff_t>(m_counted),
                                        m_text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
        m_counted = pos;
        return m_line;
    }

    // Parses nodes into `out` until a closing tag ("else", "/if", "/each") or the end. Returns
    // the closing tag met, empty at the end of the text; `open` names the block being read.
    Result<std::string_view> parse_into(std::vector<Node>& out, std::string_view open) {
        while (true) {
            const auto found = next_placeholder(m_text, m_pos);
            if (!found) {
                push_text(out, m_text.substr(m_pos));
                m_pos = m_text.size();
                if (!open.empty())
                    return template_error(m_open_line,
                                          fmt::format("{{{{{}}}}} is never closed", open));
                return std::string_view();
            }
            push_text(out, m_text.substr(m_pos, found->begin - m_pos));
            const std::string_view tag = found->name;
            const int line = line_at(found->begin);
            m_pos = found->end;
            if (tag.front() != '#' && tag.front() != '/' && tag != "else") {
                if (!is_name(tag))
                    return template_error(line, fmt::format("bad name {{{{{}}}}}", tag));
                out.push_back(Node{Node::Kind::value, tag, line, {}, {}});
                continue;
            }
            // A block tag alone on its line takes its line end with it.
            const bool line_start = found->begin == 0 || m_text[found->begin - 1] == '\n';
            if (line_start && m_pos < m_text.size() && m_text[m_pos] == '\n')
                ++m_pos;
            if (tag == "else" || tag == "/if" || tag == "/each") {
                m_end_line = line;
                return tag;
            }
            Node node;
            node.line = line;
            std::string_view name;
            if (tag.substr(0, 4) == "#if ") {
                node.kind = Node::Kind::if_block;
                name = tag.substr(4);
            } else if (tag.substr(0, 6) == "#each ") {
                node.kind = Node::Kind::each_block;
                name = tag.substr(6);
            } else {
                return template_error(line, fmt::format("unknown tag {{{{{}}}}}", tag));
            }
            if (!is_name(name))
                return template_error(line, fmt::format("bad name in {{{{{}}}}}", tag));
            node.text = name;
            const int saved_open_line = m_open_line;
            m_open_line = line;
            SCELLE_ASSIGN_OR_RETURN(std::string_view end, parse_into(node.body, tag));
            if (end == "else" && node.kind == Node::Kind::if_block) {
                SCELLE_ASSIGN_OR_RETURN(end, parse_into(node.otherwise, tag));
            }
            const std::string_view want = node.kind == Node::Kind::if_block ? "/if" : "/each";
            if (end != want)
                return template_error(m_end_line,
                                      fmt::format("{{{{{}}}}} where {{{{{}}}}} (line {}) needs "
                                                  "{{{{{}}}}}",
                                                  end, tag, line, want));
            m_open_line = saved_open_line;
            out.push_back(std::move(node));
        }
    }

    static void push_text(std::vector<Node>& out, std::string_view text) {
        if (!text.empty())
            out.push_back(Node{Node::Kind::text, text, 0, {}, {}});
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_open_line = 0;        // the line of the innermost open block
    int m_end_line = 0;         // the line of the last closing tag met
    std::size_t m_counted = 0;  // line_at() has counted the lines up to here
    int m_line = 1;             // the line of m_counted
};

// The values in use: an element of a list, then what holds the list, up to the top.
struct Scope {
    const TemplateValues* values = nullptr;
    const Scope* outer = nullptr;
};

template <typename T>
const T* look_up(const Scope& scope, std::string_view name,
                 std::map<std::string, T> TemplateValues::*member) {
    for (const Scope* s = &scope; s; s = s->outer) {
        const auto& m = s->values->*member;
        const auto it = m.find(std::string(name));
        if (it != m.end())
            return &it->second;
    }
    return nullptr;
}

Result<void> render_nodes(const std::vector<Node>& nodes, const Scope& scope, std::string& out) {
    for (const Node& n : nodes) {
        switch (n.kind) {
            case Node::Kind::text:
                out.append(n.text);
                break;
            case Node::Kind::value: {
                const std::string* v = look_up(scope, n.text, &TemplateValues::text);
                if (!v)
                    return template_error(n.line, fmt::format("no text value {{{{{}}}}}", n.text));
                out.append(*v);
                break;
            }
            case Node::Kind::if_block: {
                bool on = false;
                if (const bool* flag = look_up(scope, n.text, &TemplateValues::flags))
                    on = *flag;
                else if (const auto* list = look_up(scope, n.text, &TemplateValues::lists))
                    on = !list->empty();
                else
                    return template_error(n.line, fmt::format("no flag or list {}", n.text));
                SCELLE_TRY(render_nodes(on ? n.body : n.otherwise, scope, out));
                break;
            }
            case Node::Kind::each_block: {
                const auto* list = look_up(scope, n.text, &TemplateValues::lists);
                if (!list)
                    return template_error(n.line, fmt::format("no list {}", n.text));
                for (const TemplateValues& element : *list)
                    SCELLE_TRY(render_nodes(n.body, Scope{&element, &scope}, out));
                break;
            }
        }
    }
    return {};
}

}  // namespace

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> names;
    std::size_t pos = 0;
    while (auto found = next_placeholder(text, pos)) {
        if (std::find(names.begin(), names.end(), found->name) == names.end())
            names.emplace_back(found->name);
        pos = found->end;
    }
    return names;
}

std::string fill_placeholders(std::string_view text,
                              const std::map<std::string, std::string>& values) {
    // One pass over the template: a value is copied as it is and never scanned again, so a
    // value holding "{{x}}" or Markdown stays literal text.
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (auto found = next_placeholder(text, pos)) {
        const auto value = values.find(std::string(found->name));
        if (value == values.end()) {
            out.append(text.substr(pos, found->end - pos));
        } else {
            out.append(text.substr(pos, found->begin - pos));
            out.append(value->second);
        }
        pos = found->end;
    }
    out.append(text.substr(pos));
    return out;
}

Result<std::string> render_template(std::string_view tmpl, const TemplateValues& values) {
    SCELLE_ASSIGN_OR_RETURN(std::vector<Node> nodes, Parser(tmpl).parse());
    std::string out;
    out.reserve(tmpl.size());
    SCELLE_TRY(render_nodes(nodes, Scope{&values, nullptr}, out));
    return out;
}

}  // namespace scelle::core
