#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace kmcp::plugins::core {

// An RFC 3339 timestamp as Go's time.Time.String() prints it in UTC
// ("2024-01-15 10:30:00.5 +0000 UTC"); "" or unparsable → Go's zero time.
std::string goTimeString(std::string_view rfc3339);

// One core/v1 Event reduced to what the reference prints:
// {Namespace, Timestamp, Type, Reason, InvolvedObject{apiVersion, Kind, Name}, Message}.
// Timestamp: eventTime, else series.lastObservedTime, else lastTimestamp when count > 1, else
// firstTimestamp.
nlohmann::json eventSummary(const nlohmann::json& event);

// The events_list text for an EventList response.
std::string formatEvents(const nlohmann::json& eventList);

} // namespace kmcp::plugins::core
