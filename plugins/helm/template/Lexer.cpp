#include "Lexer.h"

#include <cctype>
#include <unordered_map>

namespace kmcp::helm::tmpl {

namespace {

bool isSpaceChar(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool isAlnum(char c) {
    return c == '_' || std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

const std::unordered_map<std::string, Tok>& keywords() {
    static const std::unordered_map<std::string, Tok> k = {
        {"block", Tok::Block},
        {"break", Tok::Break},
        {"continue", Tok::Continue},
        {"define", Tok::Define},
        {"else", Tok::Else},
        {"end", Tok::End},
        {"if", Tok::If},
        {"range", Tok::Range},
        {"nil", Tok::Nil},
        {"template", Tok::Template},
        {"with", Tok::With},
    };
    return k;
}

class Lexer {
public:
    explicit Lexer(const std::string& in) : in_(in) {}

    std::vector<Token> run() {
        while (true) {
            if (!lexText()) break;
            if (!lexAction()) break;
        }
        return std::move(out_);
    }

private:
    const std::string& in_;
    size_t pos_ = 0;
    size_t start_ = 0;
    int line_ = 1;
    int startLine_ = 1;
    int parenDepth_ = 0;
    std::vector<Token> out_;

    void emit(Tok t, size_t from, size_t to) {
        out_.push_back({t, from, in_.substr(from, to - from), startLine_});
    }
    void advanceTo(size_t p) {
        for (size_t i = pos_; i < p && i < in_.size(); ++i)
            if (in_[i] == '\n') ++line_;
        pos_ = p;
    }
    bool error(const std::string& msg) {
        out_.push_back({Tok::Error, pos_, msg, line_});
        return false;
    }
    bool startsWith(size_t p, const char* s) const {
        return in_.compare(p, std::char_traits<char>::length(s), s) == 0;
    }

    bool atRightTrim(size_t p) const {
        return p + 1 < in_.size() && isSpaceChar(in_[p]) && in_[p + 1] == '-' && startsWith(p + 2, "}}");
    }

    // Emits text up to the next "{{", honouring a left trim marker; false at end of input.
    bool lexText() {
        size_t d = in_.find("{{", pos_);
        size_t end = d == std::string::npos ? in_.size() : d;
        size_t textEnd = end;
        bool trim =
            d != std::string::npos && d + 3 < in_.size() && in_[d + 2] == '-' && isSpaceChar(in_[d + 3]);
        if (trim)
            while (textEnd > pos_ && isSpaceChar(in_[textEnd - 1]))
                --textEnd;
        if (textEnd > pos_) {
            startLine_ = line_;
            emit(Tok::Text, pos_, textEnd);
        }
        advanceTo(end);
        if (d == std::string::npos) {
            startLine_ = line_;
            out_.push_back({Tok::Eof, pos_, "", line_});
            return false;
        }
        return true;
    }

    // After "}}" (trimmed or not) continue with text.
    void afterRightDelim(bool trim) {
        if (trim) {
            size_t p = pos_;
            while (p < in_.size() && isSpaceChar(in_[p]))
                ++p;
            advanceTo(p);
        }
    }

    bool lexComment() {
        size_t e = in_.find("*/", pos_ + 2);
        if (e == std::string::npos) return error("unclosed comment");
        advanceTo(e + 2);
        bool trim = atRightTrim(pos_);
        if (trim) {
            advanceTo(pos_ + 4);
        } else if (startsWith(pos_, "}}")) {
            advanceTo(pos_ + 2);
        } else {
            return error("comment ends before closing delimiter");
        }
        afterRightDelim(trim);
        return true;
    }

    bool lexAction() {
        bool trimLeft = pos_ + 3 < in_.size() && in_[pos_ + 2] == '-' && isSpaceChar(in_[pos_ + 3]);
        size_t after = pos_ + (trimLeft ? 3 : 2);
        startLine_ = line_;
        if (in_.compare(after + (trimLeft ? 1 : 0), 2, "/*") == 0) {
            advanceTo(after + (trimLeft ? 1 : 0));
            return lexComment();
        }
        emit(Tok::LeftDelim, pos_, pos_ + 2);
        advanceTo(after);
        parenDepth_ = 0;
        while (true) {
            start_ = pos_;
            startLine_ = line_;
            if (atRightTrim(pos_) && parenDepth_ == 0) {
                advanceTo(pos_ + 1);
                emit(Tok::RightDelim, pos_, pos_ + 3);
                advanceTo(pos_ + 3);
                afterRightDelim(true);
                return true;
            }
            if (startsWith(pos_, "}}")) {
                if (parenDepth_ > 0) return error("unclosed left paren");
                emit(Tok::RightDelim, pos_, pos_ + 2);
                advanceTo(pos_ + 2);
                return true;
            }
            if (pos_ >= in_.size()) return error("unclosed action");
            char c = in_[pos_];
            if (isSpaceChar(c)) {
                size_t p = pos_;
                while (p < in_.size() && isSpaceChar(in_[p]))
                    ++p;
                // A lone space before "-}}" belongs to the trim marker.
                if (p > pos_ && atRightTrim(p - 1) && parenDepth_ == 0) {
                    if (p - 1 > pos_) {
                        emit(Tok::Space, pos_, p - 1);
                    }
                    advanceTo(p - 1);
                    continue;
                }
                emit(Tok::Space, pos_, p);
                advanceTo(p);
                continue;
            }
            if (c == '=') {
                emit(Tok::Assign, pos_, pos_ + 1);
                advanceTo(pos_ + 1);
                continue;
            }
            if (c == ':') {
                if (pos_ + 1 >= in_.size() || in_[pos_ + 1] != '=') return error("expected :=");
                emit(Tok::Declare, pos_, pos_ + 2);
                advanceTo(pos_ + 2);
                continue;
            }
            if (c == '|') {
                emit(Tok::Pipe, pos_, pos_ + 1);
                advanceTo(pos_ + 1);
                continue;
            }
            if (c == '"') {
                if (!lexQuote()) return false;
                continue;
            }
            if (c == '`') {
                size_t e = in_.find('`', pos_ + 1);
                if (e == std::string::npos) return error("unterminated raw quoted string");
                emit(Tok::RawString, pos_, e + 1);
                advanceTo(e + 1);
                continue;
            }
            if (c == '\'') {
                if (!lexChar()) return false;
                continue;
            }
            if (c == '$') {
                size_t p = pos_ + 1;
                while (p < in_.size() && isAlnum(in_[p]))
                    ++p;
                emit(Tok::Variable, pos_, p);
                advanceTo(p);
                continue;
            }
            if (c == '.') {
                if (pos_ + 1 < in_.size() && std::isdigit(static_cast<unsigned char>(in_[pos_ + 1]))) {
                    if (!lexNumber()) return false;
                    continue;
                }
                size_t p = pos_ + 1;
                while (p < in_.size() && isAlnum(in_[p]))
                    ++p;
                emit(p == pos_ + 1 ? Tok::Dot : Tok::Field, pos_, p);
                advanceTo(p);
                continue;
            }
            if (c == '+' || c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
                if (!lexNumber()) return false;
                continue;
            }
            if (isAlnum(c)) {
                size_t p = pos_;
                while (p < in_.size() && isAlnum(in_[p]))
                    ++p;
                std::string word = in_.substr(pos_, p - pos_);
                Tok t = Tok::Identifier;
                if (auto it = keywords().find(word); it != keywords().end())
                    t = it->second;
                else if (word == "true" || word == "false")
                    t = Tok::Bool;
                emit(t, pos_, p);
                advanceTo(p);
                if (!atTerminator()) return error(std::string("bad character ") + quoteRune(in_[pos_]));
                continue;
            }
            if (c == '(') {
                ++parenDepth_;
                emit(Tok::LeftParen, pos_, pos_ + 1);
                advanceTo(pos_ + 1);
                continue;
            }
            if (c == ')') {
                if (--parenDepth_ < 0) return error("unexpected right paren");
                emit(Tok::RightParen, pos_, pos_ + 1);
                advanceTo(pos_ + 1);
                continue;
            }
            if (c == ',') {
                emit(Tok::Comma, pos_, pos_ + 1);
                advanceTo(pos_ + 1);
                continue;
            }
            return error("unrecognized character in action: " + quoteRune(c));
        }
    }

    static std::string quoteRune(char c) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "U+%04X '%c'", static_cast<unsigned char>(c), c);
        return buf;
    }

    bool atTerminator() const {
        if (pos_ >= in_.size()) return true;
        char c = in_[pos_];
        if (isSpaceChar(c)) return true;
        switch (c) {
        case '.':
        case ',':
        case '|':
        case ':':
        case ')':
        case '(':
        case '=':
            return true;
        default:
            break;
        }
        return startsWith(pos_, "}}");
    }

    bool lexQuote() {
        size_t p = pos_ + 1;
        while (true) {
            if (p >= in_.size() || in_[p] == '\n') return error("unterminated quoted string");
            if (in_[p] == '\\') {
                p += 2;
                continue;
            }
            if (in_[p] == '"') break;
            ++p;
        }
        emit(Tok::String, pos_, p + 1);
        advanceTo(p + 1);
        return true;
    }

    bool lexChar() {
        size_t p = pos_ + 1;
        while (true) {
            if (p >= in_.size() || in_[p] == '\n') return error("unterminated character constant");
            if (in_[p] == '\\') {
                p += 2;
                continue;
            }
            if (in_[p] == '\'') break;
            ++p;
        }
        emit(Tok::Char, pos_, p + 1);
        advanceTo(p + 1);
        return true;
    }

    bool lexNumber() {
        size_t p = pos_;
        if (in_[p] == '+' || in_[p] == '-') ++p;
        std::string digits = "0123456789_";
        if (in_.compare(p, 2, "0x") == 0 || in_.compare(p, 2, "0X") == 0) {
            p += 2;
            digits = "0123456789abcdefABCDEF_";
        } else if (in_.compare(p, 2, "0o") == 0 || in_.compare(p, 2, "0O") == 0) {
            p += 2;
            digits = "01234567_";
        } else if (in_.compare(p, 2, "0b") == 0 || in_.compare(p, 2, "0B") == 0) {
            p += 2;
            digits = "01_";
        }
        auto run = [&] {
            while (p < in_.size() && digits.find(in_[p]) != std::string::npos)
                ++p;
        };
        run();
        if (p < in_.size() && in_[p] == '.') {
            ++p;
            run();
        }
        bool hex = digits.size() > 12;
        if (p < in_.size() &&
            ((!hex && (in_[p] == 'e' || in_[p] == 'E')) || (hex && (in_[p] == 'p' || in_[p] == 'P')))) {
            ++p;
            if (p < in_.size() && (in_[p] == '+' || in_[p] == '-')) ++p;
            while (p < in_.size() && std::isdigit(static_cast<unsigned char>(in_[p])))
                ++p;
        }
        if (p < in_.size() && in_[p] == 'i') ++p;
        if (p < in_.size() && isAlnum(in_[p])) {
            advanceTo(p);
            return error("bad number syntax: \"" + in_.substr(start_, p + 1 - start_) + "\"");
        }
        emit(Tok::Number, pos_, p);
        advanceTo(p);
        return true;
    }
};

} // namespace

std::vector<Token> lex(const std::string& input) {
    return Lexer(input).run();
}

std::string tokenString(const Token& t) {
    switch (t.type) {
    case Tok::Eof:
        return "EOF";
    case Tok::Error:
        return t.val;
    case Tok::Block:
    case Tok::Break:
    case Tok::Continue:
    case Tok::Define:
    case Tok::Else:
    case Tok::End:
    case Tok::If:
    case Tok::Range:
    case Tok::Template:
    case Tok::With:
    case Tok::Nil:
        return "<" + t.val + ">";
    default:
        break;
    }
    std::string v = t.val;
    std::string q = "\"";
    size_t count = 0;
    for (char c : v) {
        if (count == 10) break;
        if (c == '"' || c == '\\') q += '\\';
        if (c == '\n') {
            q += "\\n";
        } else {
            q += c;
        }
        ++count;
    }
    q += "\"";
    return v.size() > 10 ? q + "..." : q;
}

} // namespace kmcp::helm::tmpl
