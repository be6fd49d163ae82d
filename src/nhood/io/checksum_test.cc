#include "nhood/io/checksum.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace nhood::io {
namespace {

namespace fs = std::filesystem;

// Test vectors from FIPS 180-2, Appendix B.1, and the empty message.
TEST(Sha256, MatchesPublishedTestVectors) {
  EXPECT_EQ(Sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, FileMatchesBytesAndMissingFileIsNotFound) {
  const fs::path p = fs::temp_directory_path() / ("nhood_sha_" + std::to_string(::getpid()));
  std::string big(3 << 20, 'x');  // more than one read buffer
  big += "abc";
  std::ofstream(p, std::ios::binary) << big;
  Result<std::string> sha = Sha256File(p.string());
  ASSERT_TRUE(sha) << sha.error().message;
  EXPECT_EQ(*sha, Sha256(big));
  fs::remove(p);
  EXPECT_EQ(Sha256File(p.string()).error().code, StatusCode::kNotFound);
}

}  // namespace
}  // namespace nhood::io
