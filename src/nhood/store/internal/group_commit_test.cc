#include "nhood/store/internal/group_commit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "nhood/store/internal/sqlite_connection.h"

namespace nhood::store::internal {
namespace {

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("nhood_group_commit_" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    auto c = ConnectSqlite(db_, {});
    ASSERT_TRUE(c) << c.error().message;
    ASSERT_TRUE((*c)->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, who INTEGER NOT NULL)").ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Connection> Connect() {
    auto c = ConnectSqlite(db_, {});
    EXPECT_TRUE(c) << c.error().message;
    return c ? std::move(*c) : nullptr;
  }
  // Rows of t, read on a fresh connection (so: what was committed).
  std::set<int64_t> Committed() {
    std::set<int64_t> out;
    auto c = Connect();
    auto r = c->Query("SELECT id FROM t", {});
    EXPECT_TRUE(r);
    bool ok = true;
    for (const Row& row : r->rows) out.insert(row.Int(0, &ok));
    return out;
  }

  std::filesystem::path dir_;
  std::string db_;
};

Status Insert(Connection& c, int64_t id) {
  const Value v[] = {Value(id), Value(id % 7)};
  return c.Query("INSERT INTO t (id, who) VALUES (?, ?)", v).status();
}

// Many concurrent requests share commits; each acknowledged one is committed
// (seen from another connection the moment Run returns).
TEST_F(GroupCommitTest, ConcurrentRequestsShareCommitsAndAreCommittedWhenAcknowledged) {
  GroupCommitter committer(Connect(), "BEGIN IMMEDIATE");
  constexpr int kThreads = 32, kEach = 40;
  std::atomic<int> not_visible{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto reader = Connect();
      for (int i = 0; i < kEach; ++i) {
        const int64_t id = int64_t{t} * 1000 + i;
        Status s = committer.Run([&](Connection& c) { return Insert(c, id); });
        if (!s.ok()) { ++failed; continue; }
        const Value v[] = {Value(id)};
        auto r = reader->Query("SELECT id FROM t WHERE id = ?", v);
        if (!r || r->rows.size() != 1) ++not_visible;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(not_visible.load(), 0) << "a request was acknowledged before its commit";
  EXPECT_EQ(Committed().size(), static_cast<size_t>(kThreads * kEach));
  const GroupCommitter::Stats st = committer.stats();
  EXPECT_EQ(st.requests, kThreads * kEach);
  EXPECT_LT(st.batches, st.requests) << "no two requests ever shared a commit";
}

// A request that fails after writing gets its own error and leaves nothing;
// the requests batched with it are unaffected.
TEST_F(GroupCommitTest, AFailedRequestIsRolledBackAloneInsideItsBatch) {
  GroupCommitter committer(Connect(), "BEGIN IMMEDIATE");
  constexpr int kThreads = 16, kEach = 30;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const int64_t id = int64_t{t} * 1000 + i;
        const bool fail = id % 3 == 0;
        Status s = committer.Run([&](Connection& c) -> Status {
          NHOOD_RETURN_IF_ERROR(Insert(c, id));
          if (fail) return InvalidArgument("refused after writing");
          return Status::Ok();
        });
        if (s.ok() == fail) ++wrong;
        if (fail && !s.ok() && s.message() != "refused after writing") ++wrong;
      }
    });
  }
  // And a constraint violation in the same stream: its own error, kept apart.
  Status dup = committer.Run([&](Connection& c) -> Status {
    NHOOD_RETURN_IF_ERROR(Insert(c, 999999));
    return Insert(c, 999999);
  });
  EXPECT_EQ(dup.code(), StatusCode::kFailedPrecondition);
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  const std::set<int64_t> have = Committed();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; ++i) {
      const int64_t id = int64_t{t} * 1000 + i;
      EXPECT_EQ(have.count(id), id % 3 == 0 ? 0u : 1u) << id;
    }
  }
  EXPECT_EQ(have.count(999999), 0u);
}

}  // namespace
}  // namespace nhood::store::internal
