// SPDX-License-Identifier: Apache-2.0
// run_blocking: runs one store call to completion on a private io_context and returns its
// result. For the admin command line and tests, which have no shard; never call it on a
// shard, which it would block.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>
#include <utility>

namespace meerkat::storage {

// Usage: `auto created = run_blocking(stores.accounts->create(user, host, record));`.
// An exception the call lets escape is rethrown here.
template <class T>
T run_blocking(boost::asio::awaitable<T> call) {
  boost::asio::io_context context;
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(context, std::move(call), [&](std::exception_ptr error, T value) {
    failure = error;
    if (!error) result.emplace(std::move(value));
  });
  context.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

inline void run_blocking(boost::asio::awaitable<void> call) {
  boost::asio::io_context context;
  std::exception_ptr failure;
  boost::asio::co_spawn(context, std::move(call),
                        [&](std::exception_ptr error) { failure = error; });
  context.run();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace meerkat::storage
