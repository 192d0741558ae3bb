#include "TestUtil.h"

#include <catch2/catch.hpp>

using kmcp::helm::tmpl::test::render;
using kmcp::helm::tmpl::test::renderError;
using nlohmann::json;

TEST_CASE("sprig string functions", "[helm_template][sprig]") {
    CHECK(render("{{ trim \"  a b \\n\" }}|{{ trimAll \"$\" \"$$x$\" }}|{{ trimPrefix \"ab\" \"abc\" }}|{{ "
                 "trimSuffix \"c\" \"abc\" }}") == "a b|x|c|ab");
    CHECK(render("{{ upper \"abc\" }} {{ lower \"ABC\" }} {{ title \"hello world\" }} {{ untitle \"Hello "
                 "World\" }}") == "ABC abc Hello World hello world");
    CHECK(render("{{ repeat 3 \"ab\" }} {{ substr 1 3 \"hello\" }} {{ nospace \"a b  c\" }}") ==
          "ababab el abc");
    CHECK(render("{{ trunc 5 \"hello world\" }}|{{ trunc -5 \"hello world\" }}|{{ trunc 50 \"hi\" }}") ==
          "hello|world|hi");
    CHECK(render("{{ abbrev 5 \"hello world\" }} {{ initials \"First Try\" }}") == "he... FT");
    CHECK(render("{{ wrap 5 \"aaa bbb ccc\" }}") == "aaa\nbbb\nccc");
    CHECK(render("{{ wrapWith 5 \"\\t\" \"Hello World\" }}") == "Hello\tWorld");
    CHECK(render("{{ contains \"ll\" \"hello\" }} {{ hasPrefix \"he\" \"hello\" }} {{ hasSuffix \"lo\" "
                 "\"hello\" }}") == "true true true");
    CHECK(render("{{ quote \"a\" 1 }} {{ squote \"b\" }} {{ cat \"a\" 1 nil \"b\" }}") ==
          "\"a\" \"1\" 'b' a 1 b");
    CHECK(render("{{ \"a\\nb\" | indent 2 }}|{{ \"x\" | nindent 4 }}") == "  a\n  b|\n    x");
    CHECK(render("{{ replace \" \" \"-\" \"a b c\" }} {{ plural \"one\" \"many\" 2 }} {{ plural \"one\" "
                 "\"many\" 1 }}") == "a-b-c many one");
    CHECK(render("{{ snakecase \"FirstName\" }} {{ snakecase \"HTTPServer\" }} {{ kebabcase \"FirstName\" }} "
                 "{{ camelcase \"http_server\" }}") == "first_name http_server first-name HttpServer");
    CHECK(render("{{ swapcase \"Hello\" }} {{ len (shuffle \"abcd\") }} {{ len (randAlphaNum 12) }}") ==
          "hELLO 4 12");
    CHECK(render("{{ quote .missing }}|", json::object()) == "|");
}

TEST_CASE("sprig split/join/conversions", "[helm_template][sprig]") {
    CHECK(render("{{ splitList \",\" \"a,b,c\" | join \"-\" }}") == "a-b-c");
    CHECK(render("{{ (split \"$\" \"foo$bar\")._1 }} {{ (splitn \"$\" 2 \"a$b$c\")._1 }}") == "bar b$c");
    CHECK(render("{{ join \",\" (list 1 \"a\" nil 2.5) }}") == "1,a,2.5");
    CHECK(render("{{ sortAlpha (list \"c\" \"a\" \"b\") }}") == "[a b c]");
    CHECK(render("{{ toString 5 }} {{ toStrings (list 1 2) | printf \"%T\" }}") == "5 []string");
    CHECK(render("{{ atoi \"42\" }} {{ atoi \"x\" }} {{ int \"7\" }} {{ int 3.9 }} {{ int64 \"12\" | printf "
                 "\"%T\" }}") == "42 0 7 3 int64");
    CHECK(render("{{ float64 \"1.5\" }} {{ toDecimal \"0777\" }}") == "1.5 511");
}

TEST_CASE("sprig regex", "[helm_template][sprig]") {
    CHECK(render("{{ regexMatch \"^[a-z]+$\" \"abc\" }} {{ regexMatch \"^[a-z]+$\" \"ab1\" }}") ==
          "true false");
    CHECK(render("{{ regexFindAll \"[0-9]\" \"a1b2c3\" -1 }} {{ regexFindAll \"[0-9]\" \"a1b2c3\" 2 }}") ==
          "[1 2 3] [1 2]");
    CHECK(render("{{ regexFind \"[a-z]+\" \"12abc34\" }}") == "abc");
    CHECK(render("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}") == "-W-xxW-");
    CHECK(render("{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-\" \"${1}\" }}") == "-${1}-");
    CHECK(render("{{ regexSplit \"z+\" \"pizza\" -1 }}") == "[pi a]");
    CHECK(renderError("{{ regexMatch \"(\" \"x\" }}").find("error calling regexMatch") != std::string::npos);
}

TEST_CASE("sprig defaults and logic", "[helm_template][sprig]") {
    CHECK(render("{{ default \"d\" .x }} {{ default \"d\" \"v\" }} {{ .missing | default 5 }}",
                 json{{"x", ""}}) == "d v 5");
    CHECK(render("{{ default \"d\" false }} {{ default \"d\" 0 }} {{ default \"d\" (list) }}") == "d d d");
    CHECK(render("{{ empty \"\" }} {{ empty 0 }} {{ empty (dict) }} {{ empty \"a\" }}") ==
          "true true true false");
    CHECK(render("{{ coalesce 0 \"\" \"x\" }} {{ all 1 \"a\" }} {{ all 1 0 }} {{ any 0 \"\" 1 }}") ==
          "x true false true");
    CHECK(render("{{ ternary \"y\" \"n\" true }} {{ true | ternary \"y\" \"n\" }}") == "y y");
    CHECK(render("{{ typeOf 1 }} {{ typeOf .f }} {{ typeOf (dict) }} {{ kindOf (list) }} {{ kindIs \"map\" "
                 "(dict) }}",
                 json{{"f", 1.0}}) == "int float64 map[string]interface {} slice true");
    CHECK(render("{{ typeIs \"string\" \"a\" }} {{ typeIsLike \"int\" 1 }} {{ kindOf nil }}") ==
          "true true invalid");
}

TEST_CASE("sprig lists", "[helm_template][sprig]") {
    CHECK(render("{{ list 1 2 3 | first }} {{ list 1 2 3 | last }} {{ list 1 2 3 | rest }} {{ list 1 2 3 | "
                 "initial }}") == "1 3 [2 3] [1 2]");
    CHECK(render("{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }} {{ "
                 "reverse (list 1 2) }}") == "[1 2] [0 1] [1 2 3] [2 1]");
    CHECK(render("{{ uniq (list 1 1 2) }} {{ without (list 1 2 3) 2 }} {{ has 2 (list 1 2) }} {{ compact "
                 "(list 1 \"\" 0 2) }}") == "[1 2] [1 3] true [1 2]");
    CHECK(render("{{ slice (list 1 2 3 4) 1 3 }} {{ chunk 2 (list 1 2 3) }} {{ until 3 }} {{ untilStep 0 10 "
                 "4 }}") == "[2 3] [[1 2] [3]] [0 1 2] [0 4 8]");
    CHECK(render("{{ seq 3 }}|{{ seq 2 4 }}|{{ seq 0 2 6 }}|{{ seq 3 1 }}") == "1 2 3|2 3 4|0 2 4 6|3 2 1");
    CHECK(renderError("{{ first 5 }}").find("error calling first: Cannot find first on type int") !=
          std::string::npos);
    CHECK(render("{{ $l := list 1 }}{{ $_ := append $l 2 }}{{ $l }}") == "[1]");
}

TEST_CASE("sprig dicts", "[helm_template][sprig]") {
    CHECK(render("{{ $d := dict \"a\" 1 \"b\" 2 }}{{ $d.a }} {{ get $d \"b\" }} [{{ get $d \"zz\" }}] {{ "
                 "hasKey $d \"a\" }}") == "1 2 [] true");
    CHECK(render("{{ $d := dict }}{{ $_ := set $d \"k\" \"v\" }}{{ $d.k }}{{ $_ := unset $d \"k\" }}{{ len "
                 "$d }}") == "v0");
    CHECK(render("{{ keys (dict \"b\" 1 \"a\" 2) | sortAlpha }} {{ values (dict \"a\" 1) }}") == "[a b] [1]");
    CHECK(render("{{ pick (dict \"a\" 1 \"b\" 2) \"a\" }} {{ omit (dict \"a\" 1 \"b\" 2) \"a\" }}") ==
          "map[a:1] map[b:2]");
    CHECK(render("{{ pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3) }}") == "[1 3]");
    CHECK(render("{{ dig \"a\" \"b\" \"def\" (dict \"a\" (dict \"b\" \"found\")) }} {{ dig \"x\" \"def\" "
                 "(dict) }}") == "found def");
    CHECK(render("{{ $a := dict \"x\" 1 \"n\" (dict \"p\" 1) }}{{ $b := dict \"x\" 2 \"y\" 3 \"n\" (dict "
                 "\"q\" 2) }}"
                 "{{ merge $a $b | toJson }}") == "{\"n\":{\"p\":1,\"q\":2},\"x\":1,\"y\":3}");
    CHECK(render("{{ $a := dict \"x\" 1 }}{{ mergeOverwrite $a (dict \"x\" 2) | toJson }}") == "{\"x\":2}");
    CHECK(render("{{ $a := dict \"x\" \"\" }}{{ merge $a (dict \"x\" \"filled\") | toJson }}") ==
          "{\"x\":\"filled\"}");
    CHECK(render(
              "{{ $a := dict \"l\" (list 1) }}{{ $b := deepCopy $a }}{{ $_ := set $b \"l\" 2 }}{{ $a.l }}") ==
          "[1]");
    CHECK(render("{{ .Values | printf \"%v\" }}", json{{"Values", {{"b", 2}, {"a", 1}}}}) == "map[a:1 b:2]");
}

TEST_CASE("sprig math", "[helm_template][sprig]") {
    CHECK(render("{{ add 1 2 3 }} {{ add1 5 }} {{ sub 5 3 }} {{ div 7 2 }} {{ mod 7 3 }} {{ mul 2 3 4 }}") ==
          "6 6 2 3 1 24");
    CHECK(render("{{ max 1 5 3 }} {{ min 4 2 8 }} {{ add \"3\" 1.9 }} {{ add .n 1 }}", json{{"n", 2.0}}) ==
          "5 2 4 3");
    CHECK(render("{{ floor 1.7 }} {{ ceil 1.2 }} {{ round 3.14159 2 }} {{ round 2.5 0 }}") == "1 2 3.14 3");
    CHECK(render("{{ addf 0.1 0.2 }} {{ subf 1.5 0.5 }} {{ mulf 1.1 3 }} {{ divf 10 4 }} {{ maxf 1 2.5 }} {{ "
                 "minf 1 2.5 }}") == "0.3 1 3.3 2.5 2.5 1");
    CHECK(renderError("{{ div 1 0 }}").find("integer divide by zero") != std::string::npos);
    CHECK(render("{{ add 1 2 | printf \"%T\" }}") == "int64");
}

TEST_CASE("sprig encoding and hashing", "[helm_template][sprig]") {
    CHECK(render("{{ b64enc \"hello\" }} {{ b64dec \"aGVsbG8=\" }} {{ b32enc \"hi\" }} {{ b32dec "
                 "\"NBUQ====\" }}") == "aGVsbG8= hello NBUQ==== hi");
    CHECK(render("{{ sha256sum \"abc\" }}") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(render("{{ sha1sum \"abc\" }}") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(render("{{ adler32sum \"Wikipedia\" }}") == "300286872");
    CHECK(render("{{ uuidv4 | len }}") == "36");
    CHECK(render("{{ b64dec \"!!\" }}").find("illegal base64 data") != std::string::npos);
}

TEST_CASE("json functions", "[helm_template][sprig]") {
    json d = {{"m", {{"b", 1.0}, {"a", "<x>"}, {"l", {1, 2}}}}};
    CHECK(render("{{ toJson .m }}", d) == "{\"a\":\"\\u003cx\\u003e\",\"b\":1,\"l\":[1,2]}");
    CHECK(render("{{ toRawJson .m }}", d) == "{\"a\":\"<x>\",\"b\":1,\"l\":[1,2]}");
    CHECK(render("{{ toPrettyJson (dict \"a\" (list 1)) }}") == "{\n  \"a\": [\n    1\n  ]\n}");
    CHECK(render("{{ (fromJson \"{\\\"a\\\": {\\\"b\\\": 2}}\").a.b }}") == "2");
    CHECK(render("{{ index (fromJsonArray \"[1, 2]\") 1 }}") == "2");
    CHECK_FALSE(render("{{ (fromJson \"nope\").Error }}").empty());
}

TEST_CASE("semver", "[helm_template][sprig]") {
    CHECK(render("{{ semverCompare \">=1.19-0\" \"v1.25.8-gke.500\" }}") == "true");
    CHECK(render("{{ semverCompare \">=1.19\" \"v1.25.8-gke.500\" }}") == "false");
    CHECK(render("{{ semverCompare \"^1.2.3\" \"1.9.0\" }} {{ semverCompare \"^1.2.3\" \"2.0.0\" }}") ==
          "true false");
    CHECK(render("{{ semverCompare \"~1.2.3\" \"1.2.9\" }} {{ semverCompare \"~1.2.3\" \"1.3.0\" }}") ==
          "true false");
    CHECK(render("{{ semverCompare \"1.2.x\" \"1.2.7\" }} {{ semverCompare \"1.x\" \"2.0.0\" }}") ==
          "true false");
    CHECK(
        render(
            "{{ semverCompare \"<1.0 || >=2.0\" \"2.1.0\" }} {{ semverCompare \">1.0, <2.0\" \"2.1.0\" }}") ==
        "true false");
    CHECK(
        render(
            "{{ semverCompare \"1.2 - 1.4.5\" \"1.4.5\" }} {{ semverCompare \"1.2 - 1.4.5\" \"1.4.6\" }}") ==
        "true false");
    CHECK(render("{{ semverCompare \"^0.2.3\" \"0.2.9\" }} {{ semverCompare \"^0.2.3\" \"0.3.0\" }}") ==
          "true false");
    CHECK(render("{{ semverCompare \"!=1.2.3\" \"1.2.4\" }} {{ semverCompare \"*\" \"0.0.1\" }}") ==
          "true true");
    CHECK(render("{{ (semver \"v1.2.3-beta.1+b5\").Major }} {{ (semver \"1.2.3-beta.1\").Prerelease }}") ==
          "1 beta.1");
    CHECK(renderError("{{ semverCompare \">=1\" \"notaversion\" }}").find("Invalid Semantic Version") !=
          std::string::npos);
    CHECK(renderError("{{ semverCompare \">>1\" \"1.0.0\" }}").find("improper constraint") !=
          std::string::npos);
}

TEST_CASE("certificates and keys", "[helm_template][sprig]") {
    CHECK(render("{{ genPrivateKey \"ecdsa\" }}").rfind("-----BEGIN EC PRIVATE KEY-----\n", 0) == 0);
    CHECK(render("{{ genPrivateKey \"ed25519\" }}").rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
    CHECK(render("{{ genPrivateKey \"dsa2\" }}") == "Unknown type dsa2");
    std::string out =
        render("{{ $ca := genCA \"my-ca\" 365 }}{{ $c := genSignedCert \"svc\" (list \"10.0.0.1\") "
               "(list \"svc.ns.svc\") 30 $ca }}{{ $ca.Cert }}|{{ $c.Cert }}|{{ $c.Key }}");
    CHECK(out.rfind("-----BEGIN CERTIFICATE-----\n", 0) == 0);
    CHECK(out.find("|-----BEGIN CERTIFICATE-----\n") != std::string::npos);
    CHECK(out.find("|-----BEGIN RSA PRIVATE KEY-----\n") != std::string::npos);
    CHECK(render("{{ (genSelfSignedCert \"x\" nil nil 1).Cert | b64enc | len | lt 100 }}") == "true");
    CHECK(render("{{ $r := randInt 3 5 }}{{ and (ge $r 3) (lt $r 5) }}") == "true");
    CHECK(render("{{ tuple 1 2 }} {{ trimall \"-\" \"-a-\" }}") == "[1 2] a");
}
