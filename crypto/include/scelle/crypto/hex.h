// Lowercase hexadecimal encoding and strict decoding. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scelle::crypto {

std::string hex_encode(std::span<const std::uint8_t> bytes);
// Accepts only an even number of lowercase or uppercase hex digits.
std::optional<std::vector<std::uint8_t>> hex_decode(std::string_view text);
// True for exactly 64 lowercase hex digits: the form of every SHA-256 Scellé writes.
bool is_sha256_hex(std::string_view text);

}  // namespace scelle::crypto
