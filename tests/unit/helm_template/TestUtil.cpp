#include "TestUtil.h"

#include "HelmFunctions.h"

namespace kmcp::helm::tmpl::test {

std::string render(const std::string& src, const Value& dot) {
    TemplateSet set;
    installHelmFunctions(set, HelmOptions{});
    set.parse("t", src);
    return set.execute("t", dot);
}

std::string render(const std::string& src, const nlohmann::json& dot) {
    return render(src, Value::fromJson(dot));
}

std::string renderError(const std::string& src, const nlohmann::json& dot) {
    return renderError(src, Value::fromJson(dot));
}

std::string renderError(const std::string& src, const Value& dot) {
    try {
        render(src, dot);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "";
}

} // namespace kmcp::helm::tmpl::test
