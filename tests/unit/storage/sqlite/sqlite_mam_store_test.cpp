// SPDX-License-Identifier: Apache-2.0
// The SQLite archive: write-behind visibility, filters, paging from either end with counts
// and positions, preferences, and removal of a user's archive.
#include <gtest/gtest.h>

#include "../store_test_support.hpp"
#include "storage/mam_store.hpp"

namespace meerkat::storage::test {
namespace {

class SqliteMamStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
    ASSERT_TRUE(stores_.mam);
  }

  // Messages 1..count for romeo from juliet (odd) and nurse (even), ids 100, 200, ...
  void archive(int count) {
    for (int n = 1; n <= count; ++n) {
      bool odd = n % 2 == 1;
      stores_.mam->archive({static_cast<std::uint64_t>(n * 100), "romeo", "localhost",
                            odd ? "juliet@example.com" : "nurse@example.com",
                            odd ? "balcony" : "kitchen", false, "",
                            "body " + std::to_string(n) + (n == 3 ? " wherefore" : ""),
                            "<message/>"});
    }
  }

  MamQuery query() {
    MamQuery q;
    q.user = "romeo";
    q.host = "localhost";
    q.limit = 3;
    return q;
  }

  std::vector<std::uint64_t> ids(const MamPage& page) {
    std::vector<std::uint64_t> out;
    for (const auto& m : page.messages) out.push_back(m.id);
    return out;
  }

  TempDirectory directory_;
  Stores stores_;
};

TEST_F(SqliteMamStoreTest, AQueryAfterArchivingSeesTheMessages) {
  archive(2);  // written behind, yet the next query finds them
  auto page = done(stores_.mam->query(query()));
  EXPECT_EQ(ids(page), (std::vector<std::uint64_t>{100, 200}));
  EXPECT_EQ(page.count, 2u);
  EXPECT_TRUE(page.complete);
  EXPECT_EQ(page.messages[0].remote, "juliet@example.com");
  EXPECT_EQ(page.messages[0].remote_resource, "balcony");
}

TEST_F(SqliteMamStoreTest, PagesForwardAndBackwardWithPositions) {
  archive(8);
  auto first = done(stores_.mam->query(query()));
  EXPECT_EQ(ids(first), (std::vector<std::uint64_t>{100, 200, 300}));
  EXPECT_FALSE(first.complete);
  EXPECT_EQ(first.count, 8u);
  EXPECT_EQ(first.first_index, 0u);

  auto next = query();
  next.page_after = 300;
  auto second = done(stores_.mam->query(next));
  EXPECT_EQ(ids(second), (std::vector<std::uint64_t>{400, 500, 600}));
  EXPECT_EQ(second.first_index, 3u);

  auto last = query();
  last.from_end = true;
  auto tail = done(stores_.mam->query(last));
  EXPECT_EQ(ids(tail), (std::vector<std::uint64_t>{600, 700, 800}));
  EXPECT_EQ(tail.first_index, 5u);
  EXPECT_FALSE(tail.complete);  // more before it

  last.page_before = 300;
  auto head = done(stores_.mam->query(last));
  EXPECT_EQ(ids(head), (std::vector<std::uint64_t>{100, 200}));
  EXPECT_TRUE(head.complete);

  auto jump = query();
  jump.offset = 6;
  auto end = done(stores_.mam->query(jump));
  EXPECT_EQ(ids(end), (std::vector<std::uint64_t>{700, 800}));
  EXPECT_EQ(end.first_index, 6u);
  EXPECT_TRUE(end.complete);
}

TEST_F(SqliteMamStoreTest, FiltersNarrowTheResultSetAndItsCount) {
  archive(8);
  auto with = query();
  with.with = "nurse@example.com";
  with.limit = 10;
  EXPECT_EQ(ids(done(stores_.mam->query(with))), (std::vector<std::uint64_t>{200, 400, 600, 800}));
  with.with_resource = "balcony";
  EXPECT_TRUE(done(stores_.mam->query(with)).messages.empty());

  auto range = query();
  range.after = 200;   // exclusive bounds of the result set
  range.before = 600;
  range.page_after = 300;
  auto page = done(stores_.mam->query(range));
  EXPECT_EQ(ids(page), (std::vector<std::uint64_t>{400, 500}));
  EXPECT_EQ(page.count, 3u);  // 300, 400, 500
  EXPECT_EQ(page.first_index, 1u);

  auto search = query();
  search.words = {"wherefore", "body"};
  EXPECT_EQ(ids(done(stores_.mam->query(search))), (std::vector<std::uint64_t>{300}));
  search.words = {"%"};  // LIKE wildcards are literal
  EXPECT_TRUE(done(stores_.mam->query(search)).messages.empty());

  auto listed = query();
  listed.ids = {800, 100};
  EXPECT_EQ(ids(done(stores_.mam->query(listed))), (std::vector<std::uint64_t>{100, 800}));

  auto other = query();
  other.user = "juliet";
  EXPECT_TRUE(done(stores_.mam->query(other)).messages.empty());
}

TEST_F(SqliteMamStoreTest, PagingFromAnUnknownIdIsItemNotFound) {
  archive(2);
  auto after = query();
  after.page_after = 150;
  auto failed = run_blocking(stores_.mam->query(after));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().condition, Condition::kItemNotFound);
  auto before = query();
  before.from_end = true;
  before.page_before = 999;
  EXPECT_FALSE(run_blocking(stores_.mam->query(before)));
  before.page_before = 200;
  EXPECT_EQ(ids(done(stores_.mam->query(before))), (std::vector<std::uint64_t>{100}));
}

TEST_F(SqliteMamStoreTest, CountCanBeSkipped) {
  archive(4);
  auto simple = query();
  simple.count = false;
  auto page = done(stores_.mam->query(simple));
  EXPECT_EQ(page.messages.size(), 3u);
  EXPECT_EQ(page.count, 0u);
}

TEST_F(SqliteMamStoreTest, PreferencesAreStoredAndRemovedWithTheArchive) {
  EXPECT_FALSE(done(stores_.mam->prefs("romeo", "localhost")));
  MamPrefs prefs{MamDefault::kRoster, {"juliet@example.com"}, {"tybalt@example.com"}};
  done(stores_.mam->set_prefs("romeo", "localhost", prefs));
  EXPECT_EQ(done(stores_.mam->prefs("romeo", "localhost")), prefs);
  prefs = MamPrefs{MamDefault::kNever, {}, {}};
  done(stores_.mam->set_prefs("romeo", "localhost", prefs));  // replaces the lists too
  EXPECT_EQ(done(stores_.mam->prefs("romeo", "localhost")), prefs);

  archive(2);
  done(stores_.mam->remove_user("romeo", "localhost"));
  EXPECT_TRUE(done(stores_.mam->query(query())).messages.empty());
  EXPECT_FALSE(done(stores_.mam->prefs("romeo", "localhost")));
}

}  // namespace
}  // namespace meerkat::storage::test

namespace meerkat::storage::test {
namespace {

// Both archives of a message between two local users hold it under one id.
TEST_F(SqliteMamStoreTest, IdsAreUniquePerUserNotGlobally) {
  stores_.mam->archive({7, "romeo", "localhost", "juliet@localhost", "", true, "", "hi", "<m/>"});
  stores_.mam->archive({7, "juliet", "localhost", "romeo@localhost", "", false, "", "hi", "<m/>"});
  // the same id again for one user is the same message: kept once
  stores_.mam->archive({7, "juliet", "localhost", "romeo@localhost", "", false, "", "hi", "<m/>"});
  EXPECT_EQ(ids(done(stores_.mam->query(query()))), (std::vector<std::uint64_t>{7}));
  auto juliet = query();
  juliet.user = "juliet";
  EXPECT_EQ(ids(done(stores_.mam->query(juliet))), (std::vector<std::uint64_t>{7}));
}

// Schema 6 rebuilt the archive table with per-user ids; an archive of schema 5 survives it.
TEST(SqliteMamMigration, AnArchiveOfTheGlobalIdSchemaIsKept) {
  TempDirectory directory;
  const auto file = directory.path() / "meerkat.db";
  { ASSERT_TRUE(sqlite::open_sqlite_stores(file)); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  // Back to what schema 5 was: the global-id archive, and no table of later migrations.
  const char* downgrade = R"sql(
    DROP TABLE smart_markers;
    DROP TABLE domain_admins;
    DROP TABLE domain_settings;
    DROP TABLE auth_tokens;
    DROP TABLE mam_messages;
    CREATE TABLE mam_messages (id INTEGER PRIMARY KEY, host TEXT NOT NULL, user TEXT NOT NULL,
      remote TEXT NOT NULL, remote_resource TEXT NOT NULL, outgoing INTEGER NOT NULL,
      origin_id TEXT NOT NULL, body TEXT NOT NULL, stanza TEXT NOT NULL);
    CREATE INDEX mam_messages_by_user ON mam_messages (host, user, id);
    CREATE INDEX mam_messages_by_peer ON mam_messages (host, user, remote, id);
    INSERT INTO mam_messages VALUES (1, 'localhost', 'romeo', 'juliet@localhost', 'r', 1, 'o',
      'old', '<message/>');
    PRAGMA user_version = 5;)sql";
  ASSERT_EQ(sqlite3_exec(db, downgrade, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  auto stores = sqlite::open_sqlite_stores(file);
  ASSERT_TRUE(stores) << stores.error().text;
  MamQuery q;
  q.user = "romeo";
  q.host = "localhost";
  auto page = done(stores->mam->query(q));
  ASSERT_EQ(page.messages.size(), 1u);
  EXPECT_EQ(page.messages[0].id, 1u);
  EXPECT_EQ(page.messages[0].body, "old");
  EXPECT_EQ(page.messages[0].origin_id, "o");
  stores->mam->archive({1, "juliet", "localhost", "romeo@localhost", "", false, "", "new", "<m/>"});
  q.user = "juliet";
  EXPECT_EQ(done(stores->mam->query(q)).messages.size(), 1u);
}

}  // namespace
}  // namespace meerkat::storage::test
