// SPDX-License-Identifier: Apache-2.0
// DomainStore: what the server keeps per served domain; today the password of the domain's
// administrator (the GraphQL domain_admin endpoint), as an opaque password record.
// Layer 1: an interface only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/error/error.hpp"

namespace meerkat::storage {

class DomainStore {
 public:
  virtual ~DomainStore() = default;

  // std::nullopt: the domain has no administrator (the default).
  virtual boost::asio::awaitable<Result<std::optional<std::string>>> admin_password(
      std::string domain) = 0;
  virtual boost::asio::awaitable<Result<void>> set_admin_password(std::string domain,
                                                                  std::string record) = 0;
  // false: there was none.
  virtual boost::asio::awaitable<Result<bool>> remove_admin_password(std::string domain) = 0;
};

}  // namespace meerkat::storage
