#pragma once

#include "Release.hpp"

#include <map>
#include <string>
#include <vector>

namespace kmcp::helm {

// The head of a rendered document: enough to order it, find its API and recognise hooks.
struct SimpleHead {
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string ns;
    std::map<std::string, std::string> annotations;
    bool hasMetadata = false;
};

struct Manifest {
    std::string name;    // source path, e.g. mychart/templates/deployment.yaml
    std::string content; // the document text, trimmed
    SimpleHead head;
};

// helm's kind orders (pkg/releaseutil/kind_sorter.go).
const std::vector<std::string>& installOrder();
const std::vector<std::string>& uninstallOrder();

// Splits a YAML stream on '---' separator lines exactly as releaseutil.SplitManifests does
// (surrounding whitespace trimmed, empty documents dropped), in document order.
std::vector<std::string> splitManifests(const std::string& text);
// Parses the head of one document; throws std::runtime_error("YAML parse error on <path>: …").
SimpleHead parseHead(const std::string& doc, const std::string& path);

struct SortedManifests {
    std::vector<Hook> hooks;
    std::vector<Manifest> manifests;
};
// releaseutil.SortManifests: files in path order, partials ('_'-prefixed) and blank files skipped,
// documents with a helm.sh/hook annotation become hooks (unknown hook events are skipped), then
// both lists stably sorted by `order` (unknown kinds last, alphabetically).
SortedManifests sortManifests(const std::map<std::string, std::string>& files,
                              const std::vector<std::string>& order);
// Stable sort of manifests by kind order.
void sortByKind(std::vector<Manifest>& manifests, const std::vector<std::string>& order);
// The release manifest text: "---\n# Source: <name>\n<content>\n" per manifest.
std::string joinManifests(const std::vector<Manifest>& manifests);
// What `helm template` prints for a release: TrimSpace(manifest) + "\n" then each hook.
std::string templateOutput(const std::string& manifest, const std::vector<Hook>& hooks);

} // namespace kmcp::helm
