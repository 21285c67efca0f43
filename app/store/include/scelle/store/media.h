// Media-type detection from magic bytes, and pixel size read from image headers without
// decoding, for files that are streamed through in chunks (never held whole in memory).
//
// Used by the import job: every chunk read from the source file is fed to a MediaSniffer
// while it is hashed and copied. The sniffer keeps a bounded amount of state (at most a few
// kilobytes), whatever the file size. Not thread-safe; one sniffer per file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace scelle::core {

struct MediaInfo {
    std::string media_type = "application/octet-stream";  // IANA media type, lowercase
    std::optional<std::uint32_t> width;                   // pixels, images only
    std::optional<std::uint32_t> height;
};

class MediaSniffer {
  public:
    MediaSniffer();
    ~MediaSniffer();
    MediaSniffer(const MediaSniffer&) = delete;
    MediaSniffer& operator=(const MediaSniffer&) = delete;

    // Feeds the next chunk of the file. Chunks may have any size, including 1 byte.
    void feed(std::span<const std::byte> chunk);
    // What the bytes fed so far say. Call once the whole file was fed.
    MediaInfo result() const;

  private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Convenience for data already in memory.
MediaInfo sniff_media(std::span<const std::byte> data);

// A safe lowercase file extension for a media type, without the dot ("png", "jpg", "pdf",
// "txt"...), "bin" for unknown types.
std::string extension_for(std::string_view media_type);

}  // namespace scelle::core
