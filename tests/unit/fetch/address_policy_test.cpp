#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>

namespace postwatch {
namespace {

// A socket address for an IP literal (IPv4 or IPv6) and port.
sockaddr_storage Address(const std::string& ip, uint16_t port = 443) {
  sockaddr_storage storage{};
  auto* in = reinterpret_cast<sockaddr_in*>(&storage);
  if (inet_pton(AF_INET, ip.c_str(), &in->sin_addr) == 1) {
    in->sin_family = AF_INET;
    in->sin_port = htons(port);
    return storage;
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET6, ip.c_str(), &in6->sin6_addr) == 1) {
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(port);
    return storage;
  }
  ADD_FAILURE() << "not an IP literal: " << ip;
  return storage;
}

bool IsPublic(const std::string& ip) {
  sockaddr_storage storage = Address(ip);
  return IsPublicAddress(reinterpret_cast<const sockaddr*>(&storage));
}

TEST(AddressPolicyTest, ForbiddenAddressesAreNotPublic) {
  const char* const kForbidden[] = {
      // IPv4
      "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
      "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.1", "172.31.255.255",
      "192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.255", "198.51.100.7",
      "203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
      // IPv6
      "::", "::1", "fe80::1", "febf::1", "fec0::1", "fc00::1", "fd12:3456::1", "ff02::1",
      "2001:db8::1", "100::1",
      // IPv4-mapped, -compatible and -translated forms of forbidden IPv4 addresses
      "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:0.0.0.0",
      "::127.0.0.1", "::192.168.0.1", "::ffff:0:10.0.0.1",
      // NAT64, 6to4 and Teredo embeddings of forbidden IPv4 addresses
      "64:ff9b::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
      "2002:7f00:1::", "2002:c0a8:101::1",
      "2001:0:4136:e378:8000:63bf:80ff:fffe" /* client 127.0.0.1 */,
      "2001:0:a00:1::1" /* server 10.0.0.1 */};
  for (const char* ip : kForbidden) {
    EXPECT_FALSE(IsPublic(ip)) << ip;
  }
}

TEST(AddressPolicyTest, GlobalAddressesArePublic) {
  const char* const kPublic[] = {"8.8.8.8",
                                 "1.1.1.1",
                                 "9.9.9.9",
                                 "100.63.255.255",
                                 "100.128.0.1",
                                 "172.15.255.255",
                                 "172.32.0.1",
                                 "192.0.1.1",
                                 "192.169.0.1",
                                 "198.17.255.255",
                                 "198.20.0.1",
                                 "223.255.255.254",
                                 "2606:4700::1",
                                 "2001:4860:4860::8888",
                                 "2a00:1450:4001::1",
                                 "::ffff:8.8.8.8",
                                 "64:ff9b::8.8.8.8",
                                 "2002:808:808::1",
                                 "2001:0:4136:e378:8000:63bf:f7f7:f7f7" /* client 8.8.8.8 */};
  for (const char* ip : kPublic) {
    EXPECT_TRUE(IsPublic(ip)) << ip;
  }
}

TEST(AddressPolicyTest, NonInternetFamiliesAreNotPublic) {
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_FALSE(IsPublicAddress(&unix_address));
  EXPECT_FALSE(IsPublicAddress(nullptr));
}

TEST(AddressPolicyTest, FormatsAddressesWithPorts) {
  sockaddr_storage v4 = Address("192.0.2.1", 80);
  sockaddr_storage v6 = Address("2001:db8::1", 8443);
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<const sockaddr*>(&v4)), "192.0.2.1:80");
  EXPECT_EQ(FormatSocketAddress(reinterpret_cast<const sockaddr*>(&v6)), "[2001:db8::1]:8443");
}

struct AllowCase {
  const char* ip;
  uint16_t port;
  bool allowed;
};

TEST(AllowListTest, MatchesAddressAndPort) {
  Result<AllowList> list =
      AllowList::Parse({"127.0.0.1:18080", "[::1]:9000", "10.0.0.5:*", "localhost:7000"});
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  const AllowCase kCases[] = {
      {"127.0.0.1", 18080, true}, {"127.0.0.1", 18081, false}, {"127.0.0.2", 18080, false},
      {"::1", 9000, true},        {"::1", 18080, false},       {"10.0.0.5", 1, true},
      {"10.0.0.5", 65535, true},  {"10.0.0.6", 80, false},     {"127.0.0.1", 7000, true},
      {"::1", 7000, true},        {"127.0.0.2", 7000, false},  {"::ffff:127.0.0.1", 18080, false},
  };
  for (const AllowCase& c : kCases) {
    sockaddr_storage address = Address(c.ip, c.port);
    EXPECT_EQ(list->Allows(reinterpret_cast<const sockaddr*>(&address)), c.allowed)
        << c.ip << " port " << c.port;
  }
}

TEST(AllowListTest, EmptyListAllowsNothing) {
  AllowList list;
  sockaddr_storage address = Address("127.0.0.1", 80);
  EXPECT_TRUE(list.empty());
  EXPECT_FALSE(list.Allows(reinterpret_cast<const sockaddr*>(&address)));
}

TEST(AllowListTest, RejectsMalformedEntriesNamingThem) {
  const char* const kBad[] = {
      "127.0.0.1",      "127.0.0.1:", "127.0.0.1:0",    "127.0.0.1:65536", "127.0.0.1:8o",
      "example.org:80", "::1:80",     "[127.0.0.1]:80", "[::1:80",         ":80",
      "256.0.0.1:80"};
  for (const char* entry : kBad) {
    Result<AllowList> list = AllowList::Parse({"127.0.0.1:1", entry});
    ASSERT_FALSE(list.ok()) << entry;
    EXPECT_EQ(list.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(list.status().message().find(std::string("\"") + entry + "\""), std::string::npos)
        << list.status().message();
  }
}

}  // namespace
}  // namespace postwatch
