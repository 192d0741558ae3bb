#include "YamlEmitter.h"

#include "GoFormat.h"
#include "JsonEncode.h"
#include "Utf8.h"
#include "YamlResolve.h"

#include <algorithm>

namespace kmcp::helm::tmpl {

namespace {

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

enum class Style { Plain, Single, Double, Literal };

// A scalar after the JSON round trip: its text and whether it came from a Go string.
struct Scalar {
    std::string text;
    bool isString;
};

bool isBreakAt(const std::string& s, size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\r' || c == '\n') return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) return true;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9))
        return true;
    return false;
}
bool isSpaceAt(const std::string& s, size_t i) {
    return i < s.size() && s[i] == ' ';
}
bool isBlankzAt(const std::string& s, size_t i) {
    return i >= s.size() || s[i] == ' ' || s[i] == '\t' || isBreakAt(s, i) || s[i] == '\0';
}

bool isPrintableAt(const std::string& s, size_t i) {
    auto b = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
    unsigned char c = b(i);
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && b(i + 1) >= 0xA0) ||
           (c > 0xC2 && c < 0xED) || (c == 0xED && b(i + 1) < 0xA0) || c == 0xEE ||
           (c == 0xEF && !(b(i + 1) == 0xBB && b(i + 2) == 0xBF) &&
            !(b(i + 1) == 0xBF && (b(i + 2) == 0xBE || b(i + 2) == 0xBF)));
}

size_t widthAt(const std::string& s, size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0x80) == 0) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

struct Analysis {
    bool multiline = false, flowPlain = true, blockPlain = true, singleQuoted = true, block = true;
};

Analysis analyze(const std::string& s) {
    Analysis a;
    if (s.empty()) {
        a.flowPlain = false;
        a.block = false;
        return a;
    }
    bool blockInd = false, flowInd = false, lineBreaks = false, special = false;
    bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    bool breakSpace = false, spaceBreak = false, precededByWs = true, prevSpace = false, prevBreak = false;
    if (s.compare(0, 3, "---") == 0 || s.compare(0, 3, "...") == 0) blockInd = flowInd = true;
    bool followedByWs = isBlankzAt(s, widthAt(s, 0));
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        bool first = i == 0;
        size_t w = widthAt(s, i);
        bool last = i + w >= s.size();
        if (first) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
                flowInd = blockInd = true;
                break;
            case '?':
            case ':':
                flowInd = true;
                if (followedByWs) blockInd = true;
                break;
            case '-':
                if (followedByWs) flowInd = blockInd = true;
                break;
            default:
                break;
            }
        } else {
            switch (c) {
            case ',':
            case '?':
            case '[':
            case ']':
            case '{':
            case '}':
                flowInd = true;
                break;
            case ':':
                flowInd = true;
                if (followedByWs) blockInd = true;
                break;
            case '#':
                if (precededByWs) flowInd = blockInd = true;
                break;
            default:
                break;
            }
        }
        if (!isPrintableAt(s, i)) special = true;
        if (isBreakAt(s, i)) lineBreaks = true;
        if (c == ' ') {
            if (first) leadingSpace = true;
            if (last) trailingSpace = true;
            if (prevBreak) breakSpace = true;
            prevSpace = true;
            prevBreak = false;
        } else if (isBreakAt(s, i)) {
            if (first) leadingBreak = true;
            if (last) trailingBreak = true;
            if (prevSpace) spaceBreak = true;
            prevBreak = true;
            prevSpace = false;
        } else {
            prevSpace = prevBreak = false;
        }
        precededByWs = isBlankzAt(s, i);
        i += w;
        if (i < s.size()) followedByWs = isBlankzAt(s, i + widthAt(s, i));
    }
    a.multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
    if (trailingSpace) a.block = false;
    if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
    if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
    if (lineBreaks) a.flowPlain = a.blockPlain = false;
    if (flowInd) a.flowPlain = false;
    if (blockInd) a.blockPlain = false;
    return a;
}

class Emitter {
public:
    std::string out;

    void document(const Value& v) {
        node(v, false, false);
        writeIndent();
    }

private:
    int column_ = 0;
    int indent_ = -1;
    std::vector<int> indents_;
    bool whitespace_ = true;
    bool indention_ = true;

    void put(char c) {
        out += c;
        ++column_;
    }
    void putBreak() {
        out += '\n';
        column_ = 0;
    }
    void write(const std::string& s, size_t& i) {
        size_t w = widthAt(s, i);
        out.append(s, i, w);
        ++column_;
        i += w;
    }
    void writeBreak(const std::string& s, size_t& i) {
        if (s[i] == '\n') {
            putBreak();
            ++i;
        } else {
            size_t w = widthAt(s, i);
            out.append(s, i, w);
            column_ = 0;
            i += w;
        }
    }
    void writeIndent() {
        int indent = indent_ < 0 ? 0 : indent_;
        if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) putBreak();
        while (column_ < indent)
            put(' ');
        whitespace_ = true;
        indention_ = true;
    }
    void writeIndicator(const std::string& ind, bool needWs, bool isWs, bool isIndention) {
        if (needWs && !whitespace_) put(' ');
        out += ind;
        column_ += static_cast<int>(ind.size());
        whitespace_ = isWs;
        indention_ = indention_ && isIndention;
    }
    void increaseIndent(bool flow, bool indentless) {
        indents_.push_back(indent_);
        if (indent_ < 0)
            indent_ = flow ? kBestIndent : 0;
        else if (!indentless)
            indent_ += kBestIndent;
    }
    void popIndent() {
        indent_ = indents_.back();
        indents_.pop_back();
    }

    static Scalar scalarOf(const Value& v) {
        switch (v.kind()) {
        case Value::Kind::Nil:
            return {"null", false};
        case Value::Kind::Bool:
            return {v.asBool() ? "true" : "false", false};
        case Value::Kind::Int:
            return {std::to_string(v.asInt()), false};
        case Value::Kind::Float: {
            // encoding/json text re-read by go-yaml: integral values come back as ints.
            std::string t = goJsonFloat(v.asFloat());
            Value parsed;
            YamlTag tag = resolvePlainScalar(t, &parsed);
            if (tag == YamlTag::Int) return {t, false};
            double d = parsed.isFloat() ? parsed.asFloat() : v.asFloat();
            return {formatFloat(d, 'g', -1), false};
        }
        case Value::Kind::String:
            return {v.asString(), true};
        case Value::Kind::Bytes:
            return {goJsonBase64(v.asString()), true};
        default:
            return {formatValue(v), true};
        }
    }

    void node(const Value& in, bool mappingContext, bool simpleKey) {
        Value v = in;
        while (v.isObject()) {
            if (auto d = v.object()->asData())
                v = *d;
            else
                v = v.object()->marshal();
        }
        if (v.isMap()) {
            if (v.map().empty()) return emptyFlow("{", "}");
            std::vector<std::string> keys;
            for (const auto& [k, _] : v.map())
                keys.push_back(k);
            std::sort(keys.begin(), keys.end(), yamlKeyLess);
            increaseIndent(false, false);
            for (const auto& k : keys) {
                writeIndent();
                scalar({k, true}, true);
                writeIndicator(":", false, false, false);
                node(v.map().at(k), true, false);
            }
            popIndent();
            return;
        }
        if (v.isList()) {
            if (v.list().empty()) return emptyFlow("[", "]");
            increaseIndent(false, mappingContext && !indention_);
            for (const auto& item : v.list()) {
                writeIndent();
                writeIndicator("-", true, false, true);
                node(item, false, false);
            }
            popIndent();
            return;
        }
        scalar(scalarOf(v), simpleKey);
    }

    void emptyFlow(const char* open, const char* close) {
        writeIndicator(open, true, true, false);
        writeIndicator(close, false, false, false);
    }

    void scalar(const Scalar& sc, bool simpleKey) {
        const std::string& s = sc.text;
        Style style = Style::Plain;
        if (sc.isString) {
            bool canPlain = resolvePlainScalar(s) == YamlTag::Str && !isBase60Float(s);
            if (s.find('\n') != std::string::npos)
                style = Style::Literal;
            else
                style = canPlain ? Style::Plain : Style::Double;
        }
        Analysis a = analyze(s);
        if (simpleKey && a.multiline) style = Style::Double;
        if (style == Style::Plain) {
            if (!a.blockPlain) style = Style::Single;
            if (s.empty() && simpleKey) style = Style::Single;
        }
        if (style == Style::Single && !a.singleQuoted) style = Style::Double;
        if (style == Style::Literal && (!a.block || simpleKey)) style = Style::Double;

        increaseIndent(true, false);
        switch (style) {
        case Style::Plain:
            plain(s, !simpleKey);
            break;
        case Style::Single:
            singleQuoted(s, !simpleKey);
            break;
        case Style::Double:
            doubleQuoted(s, !simpleKey);
            break;
        case Style::Literal:
            literal(s);
            break;
        }
        popIndent();
    }

    void plain(const std::string& s, bool allowBreaks) {
        if (!s.empty() && !whitespace_) put(' ');
        bool spaces = false, breaks = false;
        for (size_t i = 0; i < s.size();) {
            if (isSpaceAt(s, i)) {
                if (allowBreaks && !spaces && column_ > kBestWidth && !isSpaceAt(s, i + 1)) {
                    writeIndent();
                    i += 1;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else if (isBreakAt(s, i)) {
                if (!breaks && s[i] == '\n') putBreak();
                writeBreak(s, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) writeIndent();
                write(s, i);
                indention_ = false;
                spaces = breaks = false;
            }
        }
        whitespace_ = false;
        indention_ = false;
    }

    void singleQuoted(const std::string& s, bool allowBreaks) {
        writeIndicator("'", true, false, false);
        bool spaces = false, breaks = false;
        for (size_t i = 0; i < s.size();) {
            if (isSpaceAt(s, i)) {
                if (allowBreaks && !spaces && column_ > kBestWidth && i != 0 && i != s.size() - 1 &&
                    !isSpaceAt(s, i + 1)) {
                    writeIndent();
                    i += 1;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else if (isBreakAt(s, i)) {
                if (!breaks && s[i] == '\n') putBreak();
                writeBreak(s, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) writeIndent();
                if (s[i] == '\'') put('\'');
                write(s, i);
                indention_ = false;
                spaces = breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    void doubleQuoted(const std::string& s, bool allowBreaks) {
        writeIndicator("\"", true, false, false);
        bool spaces = false;
        for (size_t i = 0; i < s.size();) {
            auto c = static_cast<unsigned char>(s[i]);
            bool bom = c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
                       static_cast<unsigned char>(s[i + 2]) == 0xBF;
            if (!isPrintableAt(s, i) || bom || isBreakAt(s, i) || c == '"' || c == '\\') {
                size_t w;
                char32_t r = utf8::decode(s, i, w);
                i += w;
                put('\\');
                switch (r) {
                case 0x00:
                    put('0');
                    break;
                case 0x07:
                    put('a');
                    break;
                case 0x08:
                    put('b');
                    break;
                case 0x09:
                    put('t');
                    break;
                case 0x0A:
                    put('n');
                    break;
                case 0x0B:
                    put('v');
                    break;
                case 0x0C:
                    put('f');
                    break;
                case 0x0D:
                    put('r');
                    break;
                case 0x1B:
                    put('e');
                    break;
                case 0x22:
                    put('"');
                    break;
                case 0x5C:
                    put('\\');
                    break;
                case 0x85:
                    put('N');
                    break;
                case 0xA0:
                    put('_');
                    break;
                case 0x2028:
                    put('L');
                    break;
                case 0x2029:
                    put('P');
                    break;
                default: {
                    int digits;
                    if (r <= 0xFF) {
                        put('x');
                        digits = 2;
                    } else if (r <= 0xFFFF) {
                        put('u');
                        digits = 4;
                    } else {
                        put('U');
                        digits = 8;
                    }
                    for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
                        int d = (r >> k) & 0xF;
                        put(static_cast<char>(d < 10 ? '0' + d : 'A' + d - 10));
                    }
                }
                }
                spaces = false;
            } else if (isSpaceAt(s, i)) {
                if (allowBreaks && !spaces && column_ > kBestWidth && i != 0 && i != s.size() - 1) {
                    writeIndent();
                    if (isSpaceAt(s, i + 1)) put('\\');
                    i += 1;
                } else {
                    write(s, i);
                }
                spaces = true;
            } else {
                write(s, i);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        whitespace_ = false;
        indention_ = false;
    }

    void literal(const std::string& s) {
        writeIndicator("|", true, false, false);
        if (!s.empty() && (s[0] == ' ' || isBreakAt(s, 0))) {
            std::string hint = std::to_string(kBestIndent);
            writeIndicator(hint, false, false, false);
        }
        std::string chomp;
        size_t n = s.size();
        if (n == 0 || !isBreakAt(s, n - 1)) {
            chomp = "-";
        } else if (n == 1) {
            chomp = "+";
        } else if (isBreakAt(s, n - 2)) {
            chomp = "+";
        }
        if (!chomp.empty()) writeIndicator(chomp, false, false, false);
        putBreak();
        indention_ = true;
        whitespace_ = true;
        bool breaks = true;
        for (size_t i = 0; i < s.size();) {
            if (isBreakAt(s, i)) {
                writeBreak(s, i);
                indention_ = true;
                breaks = true;
            } else {
                if (breaks) writeIndent();
                write(s, i);
                indention_ = false;
                breaks = false;
            }
        }
    }
};

} // namespace

bool yamlKeyLess(const std::string& a, const std::string& b) {
    auto ar = utf8::runes(a);
    auto br = utf8::runes(b);
    for (size_t i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i]) continue;
        bool al = utf8::isLetter(ar[i]);
        bool bl = utf8::isLetter(br[i]);
        if (al && bl) return ar[i] < br[i];
        if (al || bl) return bl;
        int64_t an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (size_t j = i; j-- > 0 && utf8::isDigit(ar[j]);) {
                if (ar[j] != '0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        size_t ai = i, bi = i;
        for (; ai < ar.size() && utf8::isDigit(ar[ai]); ++ai)
            an = an * 10 + (ar[ai] - '0');
        for (; bi < br.size() && utf8::isDigit(br[bi]); ++bi)
            bn = bn * 10 + (br[bi] - '0');
        if (an != bn) return an < bn;
        if (ai != bi) return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

std::string toYamlDocument(const Value& v) {
    Emitter e;
    e.document(v);
    return e.out;
}

} // namespace kmcp::helm::tmpl
