// kmcp/table.hpp — header-only kubectl-style text tables.
//
// alignColumns() is Go's text/tabwriter with kubectl's settings (minimum width 6, padding 3, spaces):
// cells end with '\t', lines with '\n', the last cell of a line is not part of a column.
// renderTable() prints a server-side meta.k8s.io Table (the answer to
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`) the way kubectl's table printer does with
// wide output and labels: optional NAMESPACE first, caller-supplied leading columns (e.g. APIVERSION,
// KIND), every server column, LABELS last; headers upper-cased.
#pragma once

#include "kmcp/yaml.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kmcp::sdk {

namespace tabledetail {

inline size_t runeCount(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

struct Line {
    std::vector<std::string> cells; // all but the last are tab-terminated
    bool newline = false;
};

class TabWriter {
public:
    TabWriter(size_t minWidth, size_t padding) : minWidth_(minWidth), padding_(padding) {}

    std::string format(std::string_view text) {
        size_t start = 0;
        while (true) {
            size_t nl = text.find('\n', start);
            Line line;
            std::string_view seg =
                text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
            size_t cs = 0;
            while (true) {
                size_t tab = seg.find('\t', cs);
                if (tab == std::string_view::npos) {
                    line.cells.emplace_back(seg.substr(cs));
                    break;
                }
                line.cells.emplace_back(seg.substr(cs, tab - cs));
                cs = tab + 1;
            }
            line.newline = nl != std::string_view::npos;
            lines_.push_back(std::move(line));
            if (nl == std::string_view::npos) break;
            start = nl + 1;
        }
        formatBlock(0, lines_.size());
        return std::move(out_);
    }

private:
    // Same recursion as Go's tabwriter: a column block is a run of consecutive lines that all have a
    // cell in this column; its width is the widest cell plus padding.
    void formatBlock(size_t line0, size_t line1) {
        size_t column = widths_.size();
        for (size_t t = line0; t < line1; ++t) {
            if (column + 1 >= lines_[t].cells.size()) continue;
            writeLines(line0, t);
            line0 = t;
            size_t width = minWidth_;
            for (; t < line1; ++t) {
                if (column + 1 >= lines_[t].cells.size()) break;
                width = std::max(width, runeCount(lines_[t].cells[column]) + padding_);
            }
            widths_.push_back(width);
            formatBlock(line0, t);
            widths_.pop_back();
            line0 = t;
        }
        writeLines(line0, line1);
    }

    void writeLines(size_t line0, size_t line1) {
        for (size_t i = line0; i < line1; ++i) {
            const auto& line = lines_[i];
            for (size_t j = 0; j < line.cells.size(); ++j) {
                out_ += line.cells[j];
                if (j < widths_.size())
                    out_.append(widths_[j] - std::min(widths_[j], runeCount(line.cells[j])), ' ');
            }
            if (line.newline) out_ += '\n';
        }
    }

    size_t minWidth_;
    size_t padding_;
    std::vector<Line> lines_;
    std::vector<size_t> widths_;
    std::string out_;
};

// Go's fmt %v of a decoded JSON value (how kubectl prints a table cell).
inline std::string goValue(const nlohmann::json& v) {
    using T = nlohmann::json::value_t;
    switch (v.type()) {
    case T::null:
        return "<nil>";
    case T::boolean:
        return v.get<bool>() ? "true" : "false";
    case T::number_integer:
        return std::to_string(v.get<int64_t>());
    case T::number_unsigned:
        return std::to_string(v.get<uint64_t>());
    case T::number_float: {
        double d = v.get<double>();
        if (d == static_cast<double>(static_cast<int64_t>(d)) && std::fabs(d) < 9.2e18)
            return std::to_string(static_cast<int64_t>(d));
        return yamldetail::goFormatFloat(d, 21);
    }
    case T::string:
        return v.get<std::string>();
    case T::array: {
        std::string out = "[";
        bool first = true;
        for (const auto& e : v) {
            if (!first) out += ' ';
            first = false;
            out += goValue(e);
        }
        return out + "]";
    }
    case T::object: {
        std::vector<std::string> keys;
        for (const auto& [k, _] : v.items())
            keys.push_back(k);
        std::sort(keys.begin(), keys.end());
        std::string out = "map[";
        for (size_t i = 0; i < keys.size(); ++i)
            out += (i ? " " : "") + keys[i] + ":" + goValue(v.at(keys[i]));
        return out + "]";
    }
    default:
        return "";
    }
}

// kubectl prints a string cell up to its first line break (adding "...") and neutralises terminal
// escapes; a tab would break the column layout, so it becomes a space.
inline std::string cellText(const nlohmann::json& cell) {
    if (cell.is_null()) return "";
    std::string s = goValue(cell);
    bool truncated = false;
    if (cell.is_string()) {
        auto brk = s.find_first_of("\f\n\r");
        if (brk != std::string::npos) {
            s.resize(brk);
            truncated = true;
        }
    }
    std::string out;
    for (char c : s) {
        if (c == '\x1b')
            out += "^[";
        else if (c == '\t')
            out += ' ';
        else
            out += c;
    }
    return truncated ? out + "..." : out;
}

inline std::string upper(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// labels.FormatLabels: sorted k=v joined by ',' or "<none>".
inline std::string formatLabels(const nlohmann::json& labels) {
    if (!labels.is_object() || labels.empty()) return "<none>";
    std::vector<std::string> parts;
    for (const auto& [k, v] : labels.items())
        parts.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    std::sort(parts.begin(), parts.end());
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i)
        out += (i ? "," : "") + parts[i];
    return out;
}

} // namespace tabledetail

// Aligns '\t'-terminated cells into columns exactly like kubectl's tab writer.
inline std::string alignColumns(std::string_view text) {
    return tabledetail::TabWriter(6, 3).format(text);
}

struct TableOptions {
    // Columns placed before the server's columns, each {header, value for every row}.
    std::vector<std::pair<std::string, std::string>> leadingColumns;
    bool showLabels = true;
    bool wide = true; // include columns the server marks priority > 0
};

// Renders a meta.k8s.io/v1 Table. Returns "" when it has no rows (kubectl prints no header then).
// A NAMESPACE column is added when any row's embedded object has a namespace.
inline std::string renderTable(const nlohmann::json& table, const TableOptions& options = {}) {
    using nlohmann::json;
    const json& rows = table.contains("rows") && table["rows"].is_array() ? table["rows"] : json::array();
    if (rows.empty()) return "";
    const json& defs = table.contains("columnDefinitions") && table["columnDefinitions"].is_array()
                           ? table["columnDefinitions"]
                           : json::array();
    auto rowMeta = [](const json& row) -> const json* {
        if (row.contains("object") && row["object"].is_object() && row["object"].contains("metadata") &&
            row["object"]["metadata"].is_object())
            return &row["object"]["metadata"];
        return nullptr;
    };
    bool withNamespace = false;
    for (const auto& row : rows) {
        const json* m = rowMeta(row);
        if (m && m->contains("namespace") && (*m)["namespace"].is_string() &&
            !(*m)["namespace"].get<std::string>().empty())
            withNamespace = true;
    }
    std::vector<size_t> shown;
    for (size_t i = 0; i < defs.size(); ++i) {
        int priority = defs[i].value("priority", 0);
        if (options.wide || priority == 0) shown.push_back(i);
    }
    std::string text;
    auto cell = [&text](const std::string& s, bool last) {
        text += s;
        text += last ? '\n' : '\t';
    };
    std::vector<std::string> headers;
    if (withNamespace) headers.emplace_back("NAMESPACE");
    for (const auto& [name, _] : options.leadingColumns)
        headers.push_back(tabledetail::upper(name));
    for (size_t i : shown)
        headers.push_back(tabledetail::upper(defs[i].value("name", "")));
    if (options.showLabels) headers.emplace_back("LABELS");
    for (size_t i = 0; i < headers.size(); ++i)
        cell(headers[i], i + 1 == headers.size());
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        const json* m = rowMeta(row);
        if (withNamespace) cells.push_back(m ? tabledetail::cellText(m->value("namespace", json())) : "");
        for (const auto& [_, value] : options.leadingColumns)
            cells.push_back(value);
        const json& rc = row.contains("cells") && row["cells"].is_array() ? row["cells"] : json::array();
        for (size_t i : shown)
            cells.push_back(i < rc.size() ? tabledetail::cellText(rc[i]) : "");
        if (options.showLabels)
            cells.push_back(m ? tabledetail::formatLabels(m->value("labels", json())) : "");
        for (size_t i = 0; i < cells.size(); ++i)
            cell(cells[i], i + 1 == cells.size());
    }
    return alignColumns(text);
}

} // namespace kmcp::sdk
