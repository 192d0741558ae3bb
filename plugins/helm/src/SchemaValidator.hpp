#pragma once

#include "Chart.hpp"

#include <string>
#include <vector>

namespace kmcp::helm {

// values.schema.json validation: the JSON Schema draft-07 keywords charts use (type, required,
// properties, additionalProperties, enum, const, minimum/maximum and their exclusive forms,
// minLength/maxLength, pattern, items, minItems/maxItems, allOf/anyOf/oneOf/not, $ref to
// #/definitions), with error lines worded like helm's validator (gojsonschema):
// "- image.tag: Invalid type. Expected: string, given: integer".
std::vector<std::string> validateSchema(const json& schema, const json& values);

// chartutil.ValidateAgainstSchema over a chart and its subcharts; empty string when valid,
// otherwise "<chart>:\n- …\n" blocks.
std::string validateChartValues(const Chart& chart, const json& values);

} // namespace kmcp::helm
