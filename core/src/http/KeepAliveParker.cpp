#include "http/KeepAliveParker.hpp"

#include "obs/Log.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace kmcp::http {
namespace {

constexpr uint64_t kWakeToken = 0;
constexpr int kSweepIntervalMs = 1000;

int pendingBytes(int fd) {
    int n = 0;
    return ::ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

// Whether the bytes waiting on `fd` hold a complete request header (or too much to tell, or an
// error: the worker then deals with it). Peeked, so the worker still reads all of it.
bool headerArrived(int fd) {
    char buf[8192];
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_PEEK | MSG_DONTWAIT);
    if (n <= 0 || static_cast<size_t>(n) == sizeof buf) return true;
    const std::string_view data(buf, static_cast<size_t>(n));
    return data.find("\n\r\n") != std::string_view::npos || data.find("\n\n") != std::string_view::npos;
}

} // namespace

KeepAliveParker::KeepAliveParker(Wake wake, std::chrono::milliseconds headerTimeout)
    : wake_(std::move(wake)), headerTimeout_(headerTimeout) {}

KeepAliveParker::~KeepAliveParker() {
    stop();
}

void KeepAliveParker::start() {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wakeFd_ < 0)
        throw std::runtime_error(std::string("keep-alive watcher: ") + std::strerror(errno));
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeToken;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wakeFd_, &ev);
    thread_ = std::thread([this] { run(); });
}

void KeepAliveParker::park(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds idleTimeout) {
    add(socket, idleTimeout, false);
}

void KeepAliveParker::linger(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout) {
    // Raw, for TLS too: Poco's TLS sockets ignore a half shutdown. The answer is complete (length
    // or last chunk), so a missing close_notify truncates nothing.
    ::shutdown(socket.impl()->sockfd(), SHUT_WR);
    add(socket, timeout, true);
}

void KeepAliveParker::add(const Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout,
                          bool lingering) {
    std::lock_guard lock(mutex_);
    if (stopped_ || epoll_ < 0) return; // the caller's copy goes away: the connection closes
    const uint64_t token = nextToken_++;
    epoll_event ev{};
    // Edge-triggered: each arrival of data is reported once, so a connection holding part of a
    // header is looked at again only when more comes. A woken connection is removed at once and
    // belongs to a worker until it is parked again. A lingering one is level-triggered: drain()
    // reads a bounded amount per round so one fast sender cannot hold this thread.
    ev.events = lingering ? (EPOLLIN | EPOLLRDHUP) : (EPOLLIN | EPOLLRDHUP | EPOLLET);
    ev.data.u64 = token;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, socket.impl()->sockfd(), &ev) != 0) return;
    Entry entry{socket, std::chrono::steady_clock::now() + timeout};
    entry.lingering = lingering;
    entries_.emplace(token, std::move(entry));
}

void KeepAliveParker::drain(uint64_t token) {
    Poco::Net::StreamSocket socket;
    {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(token);
        if (it == entries_.end()) return;
        socket = it->second.socket;
    }
    const int fd = socket.impl()->sockfd();
    char buf[16384];
    bool done = false;
    for (int round = 0; round < 16; ++round) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) continue;
        done = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
        break;
    }
    if (!done) return;
    std::lock_guard lock(mutex_);
    if (entries_.erase(token) > 0) ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
}

void KeepAliveParker::run() {
    epoll_event events[64];
    auto nextSweep = std::chrono::steady_clock::now() + std::chrono::milliseconds(kSweepIntervalMs);
    for (;;) {
        const int n = ::epoll_wait(epoll_, events, 64, kSweepIntervalMs);
        if (n < 0 && errno != EINTR) {
            obs::error("http: keep-alive watcher failed: {}", std::strerror(errno));
            return;
        }
        for (int i = 0; i < n; ++i) {
            const uint64_t token = events[i].data.u64;
            if (token == kWakeToken) {
                uint64_t drained = 0;
                [[maybe_unused]] auto r = ::read(wakeFd_, &drained, sizeof drained);
                continue;
            }
            Poco::Net::StreamSocket socket;
            switch (take(token, events[i].events, socket)) {
            case Next::Wake:
                wake_(socket);
                break;
            case Next::Drain:
                drain(token);
                break;
            case Next::Nothing:
                break;
            }
        }
        {
            std::lock_guard lock(mutex_);
            if (stopped_) return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= nextSweep) {
            closeExpired(now);
            nextSweep = now + std::chrono::milliseconds(kSweepIntervalMs);
        }
    }
}

KeepAliveParker::Next KeepAliveParker::take(uint64_t token, uint32_t events,
                                            Poco::Net::StreamSocket& socket) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token);
    if (it == entries_.end()) return Next::Nothing;
    if (it->second.lingering) return Next::Drain;
    const int fd = it->second.socket.impl()->sockfd();
    const bool peerDone = (events & (EPOLLERR | EPOLLHUP | EPOLLRDHUP)) != 0;
    // A peer that only closed its side has nothing left to ask; one that half-closed after
    // sending a request still gets its answer.
    const bool hungUp =
        (events & (EPOLLERR | EPOLLHUP)) != 0 || ((events & EPOLLRDHUP) != 0 && pendingBytes(fd) == 0);
    if (!hungUp && !peerDone && headerTimeout_.count() > 0 && !headerArrived(fd)) {
        // Part of a header: keep waiting for the rest, but only until the deadline.
        if (!it->second.headerStarted) {
            it->second.headerStarted = true;
            it->second.deadline = std::chrono::steady_clock::now() + headerTimeout_;
        }
        return Next::Nothing;
    }
    socket = it->second.socket;
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    entries_.erase(it);
    return hungUp ? Next::Nothing : Next::Wake;
}

void KeepAliveParker::closeExpired(std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.deadline <= now) {
            ::epoll_ctl(epoll_, EPOLL_CTL_DEL, it->second.socket.impl()->sockfd(), nullptr);
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
}

void KeepAliveParker::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
    }
    if (thread_.joinable()) {
        const uint64_t one = 1;
        [[maybe_unused]] auto w = ::write(wakeFd_, &one, sizeof one);
        thread_.join();
    }
    std::lock_guard lock(mutex_);
    entries_.clear();
    if (epoll_ >= 0) ::close(epoll_);
    if (wakeFd_ >= 0) ::close(wakeFd_);
    epoll_ = wakeFd_ = -1;
}

size_t KeepAliveParker::count(bool lingering) const {
    std::lock_guard lock(mutex_);
    size_t n = 0;
    for (const auto& [token, entry] : entries_)
        n += entry.lingering == lingering ? 1 : 0;
    return n;
}

} // namespace kmcp::http
