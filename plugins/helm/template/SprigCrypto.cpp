#include "FuncUtil.h"
#include "Sprig.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace kmcp::helm::tmpl {

namespace {

using A = ArgType;

template <typename T, void (*F)(T*)> struct Deleter {
    void operator()(T* p) const { F(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

std::string bioString(BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<size_t>(n));
}

std::string keyPem(EVP_PKEY* k, bool pkcs8) {
    Bio b(BIO_new(BIO_s_mem()));
    int ok = pkcs8 ? PEM_write_bio_PrivateKey(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr)
                   : PEM_write_bio_PrivateKey_traditional(b.get(), k, nullptr, nullptr, 0, nullptr, nullptr);
    if (ok != 1) throw FuncError("error encoding private key");
    return bioString(b.get());
}

PKey generateKey(const std::string& type) {
    EVP_PKEY* k = nullptr;
    if (type == "rsa")
        k = EVP_RSA_gen(4096);
    else if (type == "rsa2048")
        k = EVP_RSA_gen(2048);
    else if (type == "ecdsa")
        k = EVP_EC_gen("P-256");
    else if (type == "ed25519")
        k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!k) throw FuncError("error generating " + type + " key");
    return PKey(k);
}

// The `certificate` struct Sprig's gen* functions return: .Cert and .Key as PEM text.
class CertificateObject : public Object {
public:
    CertificateObject(std::string cert, std::string key) : cert_(std::move(cert)), key_(std::move(key)) {}
    std::string typeName() const override { return "sprig.certificate"; }
    std::string kindName() const override { return "struct"; }
    std::optional<Value> field(const std::string& name) const override {
        if (name == "Cert") return Value(cert_);
        if (name == "Key") return Value(key_);
        return std::nullopt;
    }
    std::string format() const override { return "{" + cert_ + " " + key_ + "}"; }
    Value marshal() const override { return Value(ValueMap{{"Cert", Value(cert_)}, {"Key", Value(key_)}}); }
    const std::string& cert() const { return cert_; }
    const std::string& key() const { return key_; }

private:
    std::string cert_, key_;
};

void addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) throw FuncError("error building certificate extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

struct Issuer {
    X509* cert = nullptr;
    EVP_PKEY* key = nullptr;
};

Value makeCert(const std::string& cn, const ValueList& ips, const ValueList& dns, int64_t days, bool isCA,
               const Issuer* issuer) {
    PKey key = generateKey("rsa2048");
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> serial(BN_new());
    BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
    BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()),
                               -1, -1, 0);
    X509* signerCert = issuer ? issuer->cert : cert.get();
    EVP_PKEY* signerKey = issuer ? issuer->key : key.get();
    X509_set_issuer_name(cert.get(), X509_get_subject_name(signerCert));
    addExt(cert.get(), signerCert, NID_basic_constraints, isCA ? "critical,CA:TRUE" : "critical,CA:FALSE");
    addExt(cert.get(), signerCert, NID_key_usage,
           isCA ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                : "critical,digitalSignature,keyEncipherment");
    addExt(cert.get(), signerCert, NID_ext_key_usage, "serverAuth,clientAuth");
    std::string san;
    for (const auto& ip : ips)
        san += (san.empty() ? "" : ",") + std::string("IP:") + strval(ip);
    for (const auto& d : dns)
        san += (san.empty() ? "" : ",") + std::string("DNS:") + strval(d);
    if (!san.empty()) addExt(cert.get(), signerCert, NID_subject_alt_name, san);
    if (X509_sign(cert.get(), signerKey, EVP_sha256()) == 0) throw FuncError("error signing certificate");
    Bio b(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(b.get(), cert.get());
    return Value(std::make_shared<CertificateObject>(bioString(b.get()), keyPem(key.get(), false)));
}

const CertificateObject& requireCert(const Value& v) {
    const CertificateObject* c =
        v.isObject() ? dynamic_cast<const CertificateObject*>(v.object().get()) : nullptr;
    if (!c) throw FuncError("wrong type for value; expected sprig.certificate; got " + v.typeName());
    return *c;
}

const ValueList& listArg(const Value& v) {
    static const ValueList empty;
    if (v.isNil()) return empty;
    return requireList(v, "use as list");
}

} // namespace

void installSprigCrypto(FuncMap& fns) {
    fns["genPrivateKey"] = makeFunc({A::String}, false, [](ValueList& a) {
        const std::string& t = a[0].asString();
        if (t != "rsa" && t != "ecdsa" && t != "ed25519") return Value("Unknown type " + t);
        PKey k = generateKey(t);
        return Value(keyPem(k.get(), t == "ed25519"));
    });
    fns["genCA"] = makeFunc({A::String, A::Int}, false, [](ValueList& a) {
        return makeCert(a[0].asString(), {}, {}, a[1].asInt(), true, nullptr);
    });
    fns["genSelfSignedCert"] = makeFunc({A::String, A::Any, A::Any, A::Int}, false, [](ValueList& a) {
        return makeCert(a[0].asString(), listArg(a[1]), listArg(a[2]), a[3].asInt(), false, nullptr);
    });
    fns["genSignedCert"] = makeFunc({A::String, A::Any, A::Any, A::Int, A::Any}, false, [](ValueList& a) {
        const CertificateObject& ca = requireCert(a[4]);
        Bio cb(BIO_new_mem_buf(ca.cert().data(), static_cast<int>(ca.cert().size())));
        Cert caCert(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
        Bio kb(BIO_new_mem_buf(ca.key().data(), static_cast<int>(ca.key().size())));
        PKey caKey(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
        if (!caCert || !caKey) throw FuncError("error parsing CA certificate or key");
        Issuer issuer{caCert.get(), caKey.get()};
        return makeCert(a[0].asString(), listArg(a[1]), listArg(a[2]), a[3].asInt(), false, &issuer);
    });
}

} // namespace kmcp::helm::tmpl
