// SPDX-License-Identifier: Apache-2.0
// with_timeout(op, d): every wait on a peer is bounded (STYLE.md "Coroutines").
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>
#include <variant>

namespace meerkat::net {

// Runs `op` until it completes or `timeout` passes, whichever is first; the loser is
// cancelled. Returns std::nullopt on timeout.
template <class T>
boost::asio::awaitable<std::optional<T>> with_timeout(boost::asio::awaitable<T> op,
                                                      std::chrono::steady_clock::duration timeout) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, timeout);
  auto winner = co_await (std::move(op) || timer.async_wait(boost::asio::use_awaitable));
  if (winner.index() == 0) co_return std::get<0>(std::move(winner));
  co_return std::nullopt;
}

// The void flavour: true when `op` finished in time.
inline boost::asio::awaitable<bool> with_timeout(boost::asio::awaitable<void> op,
                                                 std::chrono::steady_clock::duration timeout) {
  using namespace boost::asio::experimental::awaitable_operators;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, timeout);
  auto winner = co_await (std::move(op) || timer.async_wait(boost::asio::use_awaitable));
  co_return winner.index() == 0;
}

}  // namespace meerkat::net
