// SPDX-License-Identifier: Apache-2.0
// Runs the engine's coroutines to completion in a unit test.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "graphql/execution.hpp"

namespace meerkat::graphql::testing {

template <class T>
T run(boost::asio::awaitable<T> task) {
  boost::asio::io_context io;
  std::optional<T> out;
  boost::asio::co_spawn(
      io, [&]() -> boost::asio::awaitable<void> { out.emplace(co_await std::move(task)); },
      boost::asio::detached);
  io.run();
  return std::move(*out);
}

inline ExecutionResult execute(const Executor& executor, const std::string& query,
                               const std::string& variables = "{}") {
  RequestContext context;
  GraphqlRequest request{query, "", boost::json::parse(variables).as_object()};
  return run(executor.execute(request, context));
}

}  // namespace meerkat::graphql::testing
