// SPDX-License-Identifier: Apache-2.0
#include "storage/vcard_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class VcardStoreTest : public StoreTest {};

TEST_P(VcardStoreTest, UserWithoutAVcardHasNone) {
  EXPECT_EQ(done(stores_.vcard->get("romeo", "localhost")), std::nullopt);
}

TEST_P(VcardStoreTest, SetReplacesTheVcard) {
  done(stores_.vcard->set("romeo", "localhost", "<vCard xmlns='vcard-temp'><FN>R</FN></vCard>"));
  EXPECT_EQ(done(stores_.vcard->get("romeo", "localhost")),
            "<vCard xmlns='vcard-temp'><FN>R</FN></vCard>");
  done(stores_.vcard->set("romeo", "localhost", "<vCard xmlns='vcard-temp'/>"));
  EXPECT_EQ(done(stores_.vcard->get("romeo", "localhost")), "<vCard xmlns='vcard-temp'/>");
  EXPECT_EQ(done(stores_.vcard->get("romeo", "example.com")), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, VcardStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
