#pragma once

#include "common/Caller.hpp"

namespace kmcp::mcp {
using Caller = kmcp::Caller;
} // namespace kmcp::mcp
