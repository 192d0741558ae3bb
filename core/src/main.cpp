#include "app/Application.hpp"
#include "config/Loader.hpp"

#include <iostream>

int main(int argc, char** argv) {
    auto loader = kmcp::config::Loader::fromArgs(argc, argv);
    if (!loader) {
        std::cerr << "kubernetes-mcp-server: " << loader.error().message << "\n";
        return 2;
    }
    const auto& invocation = loader->invocation();
    if (invocation.showVersion) {
        std::cout << KMCP_VERSION << "\n";
        return 0;
    }
    if (invocation.showHelp) {
        std::cout << invocation.helpText;
        return 0;
    }
    kmcp::app::Application app(std::move(loader.value()));
    return app.run();
}
