#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kmcp::helm {

using json = nlohmann::json;

// Field names and order follow helm's pkg/chart so the JSON stored in a release matches helm's.
struct Maintainer {
    std::string name, email, url;
};

struct Dependency {
    std::string name;
    std::string version;
    std::string repository;
    std::string condition;
    std::vector<std::string> tags;
    bool enabled = false;
    json importValues = json::array(); // strings or {child, parent} objects
    std::string alias;
};

struct Metadata {
    std::string name;
    std::string home;
    std::vector<std::string> sources;
    std::string version;
    std::string description;
    std::vector<std::string> keywords;
    std::vector<Maintainer> maintainers;
    std::string icon;
    std::string apiVersion;
    std::string condition;
    std::string tags;
    std::string appVersion;
    bool deprecated = false;
    std::map<std::string, std::string> annotations;
    std::string kubeVersion;
    std::vector<Dependency> dependencies;
    std::string type;
};

struct Lock {
    std::string generated; // RFC 3339 text as stored
    std::string digest;
    std::vector<Dependency> dependencies;
};

struct ChartFile {
    std::string name;
    std::string data;
};

struct Chart {
    Metadata metadata;
    std::optional<Lock> lock;
    std::vector<ChartFile> templates;
    json values;                       // null when the chart has no values.yaml
    std::optional<std::string> schema; // values.schema.json bytes
    std::vector<ChartFile> files;      // every other file (NOTES.txt lives in templates/)
    bool filesNull = true;             // helm marshals a chart without extra files as null
    bool templatesNull = false;
    std::vector<std::shared_ptr<Chart>> dependencies; // loaded subcharts (never serialised)

    const std::string& name() const { return metadata.name; }
    bool isLibrary() const { return metadata.type == "library"; }
};

Metadata metadataFromJson(const json& j);
Dependency dependencyFromJson(const json& j);
json dependencyToJson(const Dependency& d);

// Go-json encodings (helm's field order and omitempty rules).
class GoJsonWriter;
void writeMetadata(GoJsonWriter& w, const Metadata& m);
void writeDependency(GoJsonWriter& w, const Dependency& d);
void writeChart(GoJsonWriter& w, const Chart& c);
// Reads a chart as stored in a release (metadata, lock, templates, values, schema, files).
Chart chartFromJson(const json& j);

} // namespace kmcp::helm
