#include "plugins/LoadedPlugin.hpp"

#include "plugins/CallContext.hpp"

#include <fmt/format.h>

namespace kmcp::plugins {
namespace {

Error loadError(const std::string& path, const std::string& why) {
    return makeError(Error::Code::InvalidArgument, fmt::format("plugin {}: {}", path, why));
}

std::string statusName(kmcp_status st) {
    switch (st) {
    case KMCP_STATUS_OK:
        return "OK";
    case KMCP_STATUS_INVALID_ARGUMENT:
        return "INVALID_ARGUMENT";
    case KMCP_STATUS_VERSION_MISMATCH:
        return "VERSION_MISMATCH";
    case KMCP_STATUS_UNSUPPORTED:
        return "UNSUPPORTED";
    default:
        return fmt::format("status {}", static_cast<int>(st));
    }
}

} // namespace

Result<std::shared_ptr<LoadedPlugin>> LoadedPlugin::load(const std::string& path,
                                                         const std::string& configJson) {
    std::shared_ptr<LoadedPlugin> p(new LoadedPlugin());
    boost::dll::fs::error_code ec;
    // rtld_now: unresolved symbols fail here, not mid-call; rtld_local (the default without
    // rtld_global): two plugins' symbols never collide.
    p->library_.load(path, boost::dll::load_mode::rtld_now, ec);
    if (ec) return loadError(path, "cannot load: " + ec.message());
    if (!p->library_.has(KMCP_PLUGIN_INIT_SYMBOL))
        return loadError(path, "missing entry symbol " KMCP_PLUGIN_INIT_SYMBOL);
    auto init = p->library_.get<kmcp_status(const kmcp_host_api*, kmcp_plugin_api*, kmcp_error*)>(
        KMCP_PLUGIN_INIT_SYMBOL);

    p->host_ = std::make_unique<kmcp_host>();
    p->host_->pluginPath = path;
    p->host_->configJson = configJson.empty() ? "{}" : configJson;
    p->hostApi_ = makeHostApi(p->host_.get());
    p->api_.header = {sizeof(kmcp_plugin_api), KMCP_ABI_MAJOR, KMCP_ABI_MINOR};

    kmcp_error err;
    p->host_->initialising = true;
    kmcp_status st = init(&p->hostApi_, &p->api_, &err);
    p->host_->initialising = false;
    if (st != KMCP_STATUS_OK) {
        // The plugin may have allocated a context before failing; it owns it and we never call it again.
        p->api_ = {};
        return loadError(path, fmt::format("init failed ({}): {}", statusName(st),
                                           err.message.empty() ? "no message" : err.message));
    }
    const auto& h = p->api_.header;
    if (h.abi_major != KMCP_ABI_MAJOR) {
        p->api_.on_unload = nullptr;
        return loadError(path, fmt::format("ABI major {} is not supported (host speaks {}.{})", h.abi_major,
                                           KMCP_ABI_MAJOR, KMCP_ABI_MINOR));
    }
    if (h.abi_minor > KMCP_ABI_MINOR) {
        p->api_.on_unload = nullptr;
        return loadError(path, fmt::format("ABI {}.{} is newer than the host's {}.{}", h.abi_major,
                                           h.abi_minor, KMCP_ABI_MAJOR, KMCP_ABI_MINOR));
    }
    if (h.struct_size < offsetof(kmcp_plugin_api, on_prompt_get)) {
        p->api_.on_unload = nullptr;
        return loadError(path, fmt::format("kmcp_plugin_api too short ({} bytes)", h.struct_size));
    }
    if (!p->api_.on_tool_call) return loadError(path, "on_tool_call is not set");
    if (p->host_->toolsetName.empty()) return loadError(path, "no toolset described");
    if (!p->host_->registrationError.empty()) return loadError(path, p->host_->registrationError);
    // Fields a shorter (older minor) plugin table does not have must read as absent.
    if (!KMCP_HAS_FIELD(&p->api_, on_unload)) p->api_.on_unload = nullptr;
    if (!KMCP_HAS_FIELD(&p->api_, on_configure)) p->api_.on_configure = nullptr;
    return p;
}

LoadedPlugin::~LoadedPlugin() {
    if (api_.on_unload) {
        try {
            api_.on_unload(api_.plugin_ctx);
        } catch (...) {
            // A throwing unload hook must not take the host down.
        }
    }
}

kmcp_status LoadedPlugin::callTool(const std::string& tool, const std::string& argsJson,
                                   kmcp_request* request, kmcp_error* error) const noexcept {
    try {
        return api_.on_tool_call(api_.plugin_ctx, kmcp_str{tool.data(), tool.size()},
                                 kmcp_str{argsJson.data(), argsJson.size()}, request, error);
    } catch (...) {
        // A C++ plugin that let an exception escape; report it as the plugin's failure.
        error->status = KMCP_STATUS_INTERNAL;
        error->message = "plugin raised an exception across the ABI boundary";
        return KMCP_STATUS_INTERNAL;
    }
}

Status LoadedPlugin::configure(const std::string& configJson) {
    if (configJson == host_->configJson) return okStatus();
    if (!KMCP_HAS_FIELD(&api_, on_configure) || !api_.on_configure)
        return makeError(
            Error::Code::InvalidArgument,
            fmt::format("plugin {}: cannot apply a new configuration without a restart (ABI {}.{} "
                        "plugin has no on_configure)",
                        path(), api_.header.abi_major, api_.header.abi_minor));
    kmcp_error err;
    kmcp_status st = KMCP_STATUS_INTERNAL;
    try {
        st = api_.on_configure(api_.plugin_ctx, kmcp_str{configJson.data(), configJson.size()}, &err);
    } catch (...) {
        err.message = "plugin raised an exception across the ABI boundary";
    }
    if (st != KMCP_STATUS_OK)
        return makeError(Error::Code::InvalidArgument,
                         fmt::format("plugin {}: configuration refused: {}", path(), err.message));
    host_->configJson = configJson;
    return okStatus();
}

kmcp_status LoadedPlugin::getPrompt(const std::string& prompt, const std::string& argsJson,
                                    kmcp_request* request, kmcp_error* error) const noexcept {
    if (!api_.on_prompt_get) return KMCP_STATUS_UNSUPPORTED;
    try {
        return api_.on_prompt_get(api_.plugin_ctx, kmcp_str{prompt.data(), prompt.size()},
                                  kmcp_str{argsJson.data(), argsJson.size()}, request, error);
    } catch (...) {
        error->status = KMCP_STATUS_INTERNAL;
        error->message = "plugin raised an exception across the ABI boundary";
        return KMCP_STATUS_INTERNAL;
    }
}

} // namespace kmcp::plugins
