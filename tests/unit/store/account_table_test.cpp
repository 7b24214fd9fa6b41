// Registry operations of the store: sync, add, remove, pause/resume, load.
#include "store/account_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/store.h"
#include "store_test_util.h"

namespace postwatch {
namespace {

class AccountTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = dir_.File("pw.db");
    Result<std::unique_ptr<Store>> store = Store::Open(options_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }

  std::vector<Account> Accounts() {
    Result<std::vector<Account>> accounts = store_->LoadAccounts();
    EXPECT_TRUE(accounts.ok()) << accounts.status().ToString();
    return accounts.ok() ? *accounts : std::vector<Account>{};
  }

  int64_t IdOf(const std::string& registered) {
    for (const Account& a : Accounts()) {
      if (a.spec.registered == registered) return a.id;
    }
    ADD_FAILURE() << "no account " << registered;
    return 0;
  }

  TempDir dir_;
  StoreOptions options_;
  std::unique_ptr<Store> store_;
};

TEST_F(AccountTableTest, SyncAddsChangesAndRemovesAccounts) {
  Result<SyncReport> first =
      store_->SyncAccounts({Spec("web", "https://a.example"), Spec("web", "https://b.example", "B"),
                            Spec("mastodon", "@c@social.example")});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->added, 3);
  const int64_t c_id = IdOf("@c@social.example");

  Result<SyncReport> second = store_->SyncAccounts({Spec("web", "https://a.example"),
                                                    Spec("web", "https://b.example", "B renamed"),
                                                    Spec("bluesky", "d.example")});

  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->added, 1);
  EXPECT_EQ(second->changed, 1);
  EXPECT_EQ(second->unchanged, 1);
  EXPECT_EQ(second->removed, 1);
  EXPECT_EQ(second->removed_ids, std::vector<int64_t>{c_id});
  std::vector<std::string> names;
  for (const Account& a : Accounts()) names.push_back(a.spec.platform + ":" + a.spec.registered);
  EXPECT_EQ(names, (std::vector<std::string>{"web:https://a.example", "web:https://b.example",
                                             "bluesky:d.example"}));
  EXPECT_EQ(Accounts()[1].spec.display_name, "B renamed");
}

TEST_F(AccountTableTest, SyncKeepsIdsAndPollingStateOfKeptAccounts) {
  ASSERT_TRUE(store_->SyncAccounts({Spec("web", "https://a.example")}).ok());
  const int64_t id = IdOf("https://a.example");
  PollRecord record = SuccessRecord(id);
  record.cursor = "cursor-1";
  store_->Start();
  ASSERT_TRUE(store_->Submit(record).ok());
  store_->Stop();

  AccountSpec changed = Spec("web", "https://a.example", "new name");
  changed.interval_s = 600;
  ASSERT_TRUE(store_->SyncAccounts({changed}).ok());

  std::vector<Account> accounts = Accounts();
  ASSERT_EQ(accounts.size(), 1u);
  EXPECT_EQ(accounts[0].id, id);
  EXPECT_EQ(accounts[0].cursor, "cursor-1");
  EXPECT_EQ(accounts[0].spec.interval_s, 600);
  EXPECT_EQ(accounts[0].spec.display_name, "new name");
}

TEST_F(AccountTableTest, SyncRemovalErasesPostsLinksHitsAndHistory) {
  ASSERT_TRUE(
      store_->SyncAccounts({Spec("web", "https://a.example"), Spec("web", "https://b.example")})
          .ok());
  const int64_t a = IdOf("https://a.example");
  const int64_t b = IdOf("https://b.example");
  store_->Start();
  ASSERT_TRUE(
      store_->Submit(SuccessRecord(a, {MakePost("a1", 10, {"https://x.test/1"}, "bad")})).ok());
  ASSERT_TRUE(
      store_->Submit(SuccessRecord(b, {MakePost("b1", 10, {"https://x.test/2"}, "bad")})).ok());
  store_->Stop();
  ASSERT_EQ(*store_->CountPosts(), 2);

  Result<SyncReport> report = store_->SyncAccounts({Spec("web", "https://b.example")});

  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->removed_ids, std::vector<int64_t>{a});
  EXPECT_EQ(*store_->CountPosts(a), 0);
  EXPECT_EQ(*store_->CountPosts(b), 1);
  EXPECT_EQ(CountRows(options_.path, "links"), 1);
  EXPECT_EQ(CountRows(options_.path, "poll_history"), 1);
  EXPECT_EQ(*store_->CountFlagHitsByList(), (std::map<std::string, int64_t>{{"bad", 1}}));
}

TEST_F(AccountTableTest, SyncWithADuplicateSpecChangesNothing) {
  ASSERT_TRUE(store_->SyncAccounts({Spec("web", "https://a.example")}).ok());

  Result<SyncReport> report = store_->SyncAccounts(
      {Spec("web", "https://b.example"), Spec("web", "https://b.example", "again")});

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(report.status().message().find("listed twice"), std::string::npos);
  ASSERT_EQ(Accounts().size(), 1u);
  EXPECT_EQ(Accounts()[0].spec.registered, "https://a.example");
}

TEST_F(AccountTableTest, AddingARegisteredAccountTwiceIsRefused) {
  Result<int64_t> id = store_->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  Result<int64_t> again = store_->AddAccount(Spec("web", "https://a.example"));

  EXPECT_EQ(again.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(again.status().message().find("already registered"), std::string::npos);
  EXPECT_EQ(Accounts().size(), 1u);
}

TEST_F(AccountTableTest, RemovingAnUnknownAccountIsNotFound) {
  Status s = store_->RemoveAccount(12345);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
}

TEST_F(AccountTableTest, RemoveAccountErasesItsPosts) {
  Result<int64_t> id = store_->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(id.ok());
  store_->Start();
  ASSERT_TRUE(store_->Submit(SuccessRecord(*id, {MakePost("p", 1, {"https://x.test"})})).ok());
  store_->Stop();

  ASSERT_TRUE(store_->RemoveAccount(*id).ok());

  EXPECT_TRUE(Accounts().empty());
  EXPECT_EQ(*store_->CountPosts(), 0);
  EXPECT_EQ(CountRows(options_.path, "links"), 0);
  EXPECT_EQ(store_->GetAccount(*id).status().code(), Status::Code::kNotFound);
}

TEST_F(AccountTableTest, PausedAccountStaysPausedWhenAPollCommits) {
  Result<int64_t> id = store_->AddAccount(Spec("web", "https://a.example"));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(store_->SetAccountStatus(*id, AccountStatus::kPaused).ok());

  PollRecord record = SuccessRecord(*id);
  record.status = AccountStatus::kActive;
  record.next_due_ms = 777;
  store_->Start();
  ASSERT_TRUE(store_->Submit(record).ok());
  store_->Stop();

  Result<Account> account = store_->GetAccount(*id);
  ASSERT_TRUE(account.ok());
  EXPECT_EQ(account->status, AccountStatus::kPaused);
  EXPECT_EQ(account->next_due_ms, 777);

  ASSERT_TRUE(store_->SetAccountStatus(*id, AccountStatus::kActive).ok());
  EXPECT_EQ(store_->GetAccount(*id)->status, AccountStatus::kActive);
  EXPECT_EQ(store_->SetAccountStatus(999, AccountStatus::kPaused).code(), Status::Code::kNotFound);
}

TEST_F(AccountTableTest, AccountsSurviveReopeningTheDatabase) {
  ASSERT_TRUE(store_->AddAccount(Spec("youtube", "@channel")).ok());
  store_.reset();

  Result<std::unique_ptr<Store>> reopened = Store::Open(options_);

  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  Result<std::vector<Account>> accounts = (*reopened)->LoadAccounts();
  ASSERT_TRUE(accounts.ok());
  ASSERT_EQ(accounts->size(), 1u);
  EXPECT_EQ((*accounts)[0].spec.registered, "@channel");
  EXPECT_EQ((*accounts)[0].spec.group, "city/district");
}

TEST(AccountStatusTest, NamesRoundTrip) {
  for (AccountStatus s : {AccountStatus::kActive, AccountStatus::kPaused, AccountStatus::kBackoff,
                          AccountStatus::kFailing, AccountStatus::kGone, AccountStatus::kAuth}) {
    EXPECT_EQ(ParseAccountStatus(AccountStatusName(s)), s);
  }
  EXPECT_EQ(ParseAccountStatus("sleeping"), std::nullopt);
}

}  // namespace
}  // namespace postwatch
