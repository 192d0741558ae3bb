#include "ListOutput.hpp"

#include "ObjectCleanup.hpp"
#include "OutputLimit.hpp"

#include <kmcp/table.hpp>
#include <kmcp/yaml.hpp>

namespace kmcp::plugins::core {

ListFormat listFormatFrom(const std::string& setting) {
    return setting == "yaml" ? ListFormat::Yaml : ListFormat::Table;
}

std::string pagingNote(const nlohmann::json& body) {
    if (!body.contains("metadata") || !body["metadata"].is_object()) return "";
    const auto& meta = body["metadata"];
    std::string token = meta.value("continue", "");
    if (token.empty()) return "";
    std::string note = "# more items are available";
    if (meta.contains("remainingItemCount") && meta["remainingItemCount"].is_number_integer())
        note += " (" + std::to_string(meta["remainingItemCount"].get<long long>()) + " remaining)";
    return note + ": call again with the same arguments and continue=\"" + token + "\"\n";
}

std::string renderList(const nlohmann::json& body, const std::string& groupVersion, const std::string& kind,
                       bool redactSecrets) {
    std::string text;
    bool isTable = body.value("kind", "") == "Table";
    if (isTable) {
        sdk::TableOptions options;
        options.leadingColumns = {{"apiVersion", groupVersion}, {"kind", kind}};
        text = sdk::renderTable(body, options);
    } else {
        auto items = cleanListItems(body, redactSecrets);
        if (!items.empty()) text = sdk::toYaml(items);
    }
    if (text.empty()) text = "No " + kind + " resources found\n";
    std::string note = pagingNote(body);
    std::string hint = note.empty() ? "pass a smaller limit (and then continue) to page through the list"
                                    : "pass a smaller limit to page through the list";
    text = boundOutput(std::move(text), hint);
    return text + note;
}

} // namespace kmcp::plugins::core
