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
    std::lock_guard lock(mutex_);
    if (stopped_ || epoll_ < 0) return; // the caller's copy goes away: the connection closes
    const uint64_t token = nextToken_++;
    epoll_event ev{};
    // Edge-triggered: each arrival of data is reported once, so a connection holding part of a
    // header is looked at again only when more comes. A woken connection is removed at once and
    // belongs to a worker until it is parked again.
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = token;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, socket.impl()->sockfd(), &ev) != 0) return;
    entries_.emplace(token, Entry{socket, std::chrono::steady_clock::now() + idleTimeout});
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
            bool hungUp = false;
            {
                std::lock_guard lock(mutex_);
                auto it = entries_.find(token);
                if (it == entries_.end()) continue;
                const int fd = it->second.socket.impl()->sockfd();
                const bool peerDone = (events[i].events & (EPOLLERR | EPOLLHUP | EPOLLRDHUP)) != 0;
                // A peer that only closed its side has nothing left to ask; one that half-closed
                // after sending a request still gets its answer.
                hungUp = (events[i].events & (EPOLLERR | EPOLLHUP)) != 0 ||
                         ((events[i].events & EPOLLRDHUP) != 0 && pendingBytes(fd) == 0);
                if (!hungUp && !peerDone && headerTimeout_.count() > 0 && !headerArrived(fd)) {
                    // Part of a header: keep waiting for the rest, but only until the deadline.
                    if (!it->second.headerStarted) {
                        it->second.headerStarted = true;
                        it->second.deadline = std::chrono::steady_clock::now() + headerTimeout_;
                    }
                    continue;
                }
                socket = it->second.socket;
                ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
                entries_.erase(it);
            }
            if (!hungUp) wake_(socket);
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

size_t KeepAliveParker::parked() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

} // namespace kmcp::http
