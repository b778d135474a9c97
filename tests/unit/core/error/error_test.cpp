// SPDX-License-Identifier: Apache-2.0
#include "core/error/error.hpp"

#include <gtest/gtest.h>

namespace meerkat {
namespace {

TEST(ErrorNames, MatchRfc6120Conditions) {
  EXPECT_EQ(to_string(Condition::kBadRequest), "bad-request");
  EXPECT_EQ(to_string(Condition::kUnexpectedRequest), "unexpected-request");
  EXPECT_EQ(to_string(Condition::kServiceUnavailable), "service-unavailable");
  EXPECT_EQ(to_string(ErrorType::kModify), "modify");
}

TEST(ErrorResult, CarriesTheError) {
  Result<int> r = Error::bad_request("nope");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().condition, Condition::kBadRequest);
  EXPECT_THROW((void)r.value(), std::runtime_error);
}

}  // namespace
}  // namespace meerkat
