// CaseStore: one case on disk — `case.sqlite` (case, accounts, items, custody log) and
// `objects/<sha256>` (the original bytes of every file, read-only once written).
//
// Every user action is one short SQLite transaction (BEGIN IMMEDIATE, so concurrent writers
// queue instead of failing) that also appends the action's custody-log line. Object files are
// written and synced before the transaction that names them, so a crash at any moment leaves
// either the old state or the new one, never a row pointing at a missing or partial object.
//
// Ownership: a CaseStore owns its database connection. It is not thread-safe: use one per
// thread. Several processes may open the same case at once.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "scelle/base/env.h"
#include "scelle/base/result.h"
#include "scelle/crypto/trust_store.h"
#include "scelle/crypto/tsa_client.h"
#include "scelle/store/sqlite.h"
#include "scelle/store/transcript.h"

namespace scelle::core {

namespace detail {
struct NewItem;
}

inline constexpr int kSchemaVersion = 5;

// The longest title a case may have, in characters (Unicode code points).
inline constexpr std::size_t kMaxCaseTitle = 200;
// Checks a case's title as typed (surrounding spaces are trimmed): one line of text, not
// empty, at most kMaxCaseTitle characters. Returns a usage error on "--title" whose detail
// says, in English, which rule failed.
Result<void> validate_case_title(std::string_view title);

// An absolute http or https URL of valid text, without spaces or control characters: what a
// link, a profile's address or a message's link must be.
bool is_web_url(std::string_view url);

enum class Access { read_only, read_write };

struct CaseInfo {
    std::string id;
    std::string title;
    std::optional<std::string> destination;  // pharos, 3018, police, platform
    std::vector<std::string> incidents;      // machine names, see kIncidentTypes
    std::optional<std::string> summary;
    std::string created_at;                    // UTC RFC 3339
    std::string utc_offset;                    // local offset when created, "+01:00"
    std::optional<std::string> recorded_by{};  // who makes the record: "Léa's mother"...
};

struct Account {
    std::int64_t id = 0;
    std::string platform;
    std::string handle;
    std::optional<std::string> url;
    std::optional<std::string> display_name;
    std::optional<std::string> platform_id;  // the platform's own id (Discord user id...)
    std::string created_at;
};

// Whether an item is covered by a trusted timestamp (DESIGN.md "The custody log and
// timestamps"): `granted` once a verified token covers the custody line that recorded it;
// `pending` while none does and the last request (if any) reached no TSA (offline, refused,
// timed out); `failed` when the last request got answers that could not be accepted (a
// rejection, an invalid or untrusted token). Pending and failed items are asked for again by
// the next request.
enum class TimestampStatus { granted, pending, failed };
const char* to_string(TimestampStatus status);  // "granted", "pending", "failed"

struct ItemTimestamp {
    TimestampStatus status = TimestampStatus::pending;
    std::optional<std::int64_t> token;    // the first token that covers the item
    std::optional<std::string> tsa;       // the TSA's name (from the token), or its URL
    std::optional<std::string> gen_time;  // the TSA's time, UTC RFC 3339
    std::optional<std::string> error;     // why not granted yet: the last request's reasons
};

struct Item {
    std::int64_t seq = 0;
    std::string kind;                           // screenshot, file, link
    std::optional<std::string> sha256;          // absent for links
    std::optional<std::string> name;            // original file name, valid UTF-8
    std::optional<std::string> name_bytes_hex;  // the raw name, when it was not UTF-8
    std::optional<std::string> media_type;
    std::optional<std::int64_t> size;
    std::optional<std::int64_t> width;
    std::optional<std::int64_t> height;
    std::string recorded_at;  // UTC RFC 3339: when captured, imported or recorded
    std::string utc_offset;
    // When it happened, as the person says it (time.h parse_happened); nullopt: not said.
    std::optional<std::string> happened;
    std::optional<std::string> source;  // window title, screen...
    std::optional<std::string> url;     // the link itself, or where a file came from
    std::optional<std::string> description;
    std::optional<std::int64_t> account_id;
    std::optional<std::string> platform;  // the account's platform
    bool sensitive = false;
    std::optional<std::string> withdrawn_at;
    std::optional<std::string> withdraw_reason;
    std::int64_t log_seq = 0;  // the custody line that recorded it
    ItemTimestamp timestamp;
    // Set for an item Scellé made from other items (a stitched scrolling capture): the
    // custody line's "derived" object, naming its sources and how it was made (DESIGN.md
    // "Items"). Never an original.
    std::optional<nlohmann::json> derived{};
};

// The fields of an item as JSON, with the keys that `case show --json` and the bundle's
// case.json share (docs/bundle-format.md section 5): seq, kind, sha256, name, name_bytes_hex,
// media_type, size, width, height, recorded_at, utc_offset, source, url, description,
// happened, account, sensitive, withdrawn, withdrawn_at, withdraw_reason, log_line, derived. Absent
// values are null. Callers add what is theirs (the CLI: platform, timestamp; the bundle: file,
// timestamp).
nlohmann::json item_fields_json(const Item& it);

// The items a derived item was made from (its "derived" object's frames), in order; empty for
// an original.
std::vector<std::int64_t> derived_frames(const Item& it);

// A time-stamp token over the custody log's first `covers` lines (each with its "\n"), as
// `head -n covers custody-log.jsonl` gives them.
struct TimestampToken {
    std::int64_t id = 0;
    std::int64_t covers = 0;
    std::string prefix_sha256;  // the digest the token is for
    std::string tsa_url;
    std::string tsa_name;           // the token's TSA name, else its signer's subject, else the URL
    std::string gen_time;           // UTC RFC 3339, from the token
    std::string serial;             // hex
    std::string policy;             // dotted OID
    std::string received_at;        // the local clock when the reply arrived, UTC RFC 3339
    std::int64_t skew_seconds = 0;  // local clock minus genTime
    std::vector<std::uint8_t> der;  // the whole DER TimeStampResp, as the TSA sent it
    std::int64_t log_seq = 0;       // the custody line `timestamp.obtained` that records it
};

// One request round that gave no token (every TSA tried failed, or none is configured).
struct TimestampAttempt {
    std::int64_t id = 0;
    std::string at;
    std::int64_t covers = 0;
    TimestampStatus outcome = TimestampStatus::pending;  // pending or failed
    nlohmann::json failures;                             // [{url, kind, reason, attempts}]
    std::string summary;                                 // the reasons, in one English text
};

// The custody log's first `lines` lines and their SHA-256, as a token covers them.
struct LogPrefix {
    std::int64_t lines = 0;
    std::array<std::uint8_t, 32> digest{};
    std::string sha256;  // hex of digest
};

struct ImportRequest {
    std::vector<std::filesystem::path> files;
    std::optional<std::string> description;
    std::optional<std::string> source_url;
    std::optional<std::string> account;  // handle, or platform:handle
    bool sensitive = false;
    std::optional<std::string> happened{};  // stored form (time.h parse_happened)
};

// A link recorded instead of a capture. `sensitive`: it leads to a sexual image of a minor
// (never captured or kept): the report prints it as plain text, never as an active link.
struct LinkRequest {
    std::string url;
    std::optional<std::string> description;
    std::optional<std::string> account;  // handle, or platform:handle
    bool sensitive = false;
    std::optional<std::string> happened{};  // stored form (time.h parse_happened)
};

struct ImportOutcome {
    std::filesystem::path path;
    std::int64_t seq = 0;  // the new item, or the item that already holds the content
    std::string sha256;
    bool duplicate = false;
};

// A screenshot made by Scellé itself (app/capture): the PNG bytes, encoded once, are the
// original. `capture` is what the capture layer recorded (geometry, windows, backend, version,
// OS); it goes into the custody line as it is, so it must hold no floats.
struct ScreenshotRequest {
    std::vector<std::byte> png;
    std::string source;  // one line: the window's title and application, or the screen
    nlohmann::json capture = nlohmann::json::object();
    std::optional<std::string> description;
    std::optional<std::string> account;     // handle, or platform:handle
    std::optional<std::string> happened{};  // stored form (time.h parse_happened)
    // Set for an image made from other captures (a stitched scrolling capture): recorded as
    // "item.derived" with this object, which names its sources ("frames": [{"item", "sha256",
    // ...}]) and how it was made. Each source must be a live item holding those bytes.
    std::optional<nlohmann::json> derived{};
};

struct AccountRequest {
    std::string platform;
    std::string handle;
    std::optional<std::string> url;
    std::optional<std::string> display_name;
    std::optional<std::string> platform_id{};
};

// What to change in a recorded account (CaseStore::update_account). Each field: nullopt, leave
// it; nullopt inside, clear it; a value, set it (checked as AccountRequest's is). The platform
// and the handle are the account's identity: they never change.
struct AccountUpdate {
    std::optional<std::optional<std::string>> url;
    std::optional<std::optional<std::string>> display_name;
    std::optional<std::optional<std::string>> platform_id;
};

// One thing `check` found. `kind` says what; the other fields say where.
struct Finding {
    enum class Kind {
        log_not_json,        // line: not a JSON object
        log_not_canonical,   // line: not in canonical form
        log_bad_seq,         // line: wrong sequence number
        log_chain_broken,    // line: previous-line hash does not match (changed/moved/removed)
        log_missing_fields,  // line: no action or time
        log_hash_mismatch,   // line: stored hash differs from the line's hash
        item_log_mismatch,   // item: its custody lines are missing or say something else
        log_item_missing,    // line: records an item the case no longer has
        description_log_mismatch,    // item: a description differs from its custody line
        account_log_mismatch,        // account (in `item`): differs from its custody line
        case_log_mismatch,           // the case's title or fields differ from line 1
        object_missing,              // item: the original file is gone
        object_altered,              // item: the original's bytes no longer match its SHA-256
        object_unreadable,           // item: the original cannot be read
        derived_differs,             // item: a joined picture is not what its screens give,
                                     // following its recipe (detail says where)
        withdrawn_object_kept,       // note: a withdrawn item's file is still present
        orphan_object,               // note: a file no item names (an interrupted import)
        timestamp_log_mismatch,      // line: a `timestamp.obtained` line and the stored tokens
                                     // disagree (a token removed, added or replaced)
        timestamp_prefix_changed,    // line: the log lines a token covers were changed since
        timestamp_token_unreadable,  // line: the stored token is not a time-stamp token
        timestamp_unverified,        // note: the token does not verify with the trust
                                     // anchors given to check (detail says why)
    };
    Kind kind;
    std::int64_t line = 0;
    std::int64_t item = 0;
    std::string object;  // sha256 hex or file name
    std::string detail;
};

struct CheckReport {
    std::int64_t log_lines = 0;
    std::int64_t items = 0;
    std::int64_t objects_hashed = 0;
    std::int64_t timestamps_checked = 0;   // tokens found to cover the log as it is now
    std::int64_t timestamps_verified = 0;  // of those, fully verified with the trust anchors
    std::vector<Finding> problems;         // any of these means the case is not intact
    std::vector<Finding> notes;            // worth knowing, harmless to the evidence
    bool intact() const { return problems.empty(); }
};

class CaseStore {
  public:
    // Opens the case in `dir`, bringing its schema up to date when opened for writing.
    static Result<std::unique_ptr<CaseStore>> open(const std::filesystem::path& dir, Access access,
                                                   Env& env = Env::posix());
    // Creates the database of a new case in `dir` (which must exist and be empty) and writes
    // the first custody line. Used by Store::create_case.
    static Result<void> initialise(const std::filesystem::path& dir, const CaseInfo& info,
                                   Env& env);

    const CaseInfo& info() const { return m_info; }
    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path object_path(std::string_view sha256) const;

    Result<std::vector<Account>> accounts();
    Result<std::vector<Item>> items();
    Result<Item> item(std::int64_t seq);

    // Adds an account; if the same platform and handle exist, returns that one with
    // `existed` set and changes nothing.
    Result<std::pair<Account, bool>> add_account(const AccountRequest& req);
    // Completes or corrects an account's profile link, display name or platform ID (custody
    // line `account.updated`, naming only the fields that change). Returns the account as it
    // now is, and whether anything changed: nothing is written when every field asked already
    // has that value. Errc::usage for a value add_account would refuse (subject: the option,
    // "--url", "--display-name", "--platform-id"), Errc::unknown_account for an unknown id.
    Result<std::pair<Account, bool>> update_account(std::int64_t id, const AccountUpdate& update);
    // The account a person names: its handle, PLATFORM:HANDLE, else its number.
    // Errc::unknown_account or Errc::ambiguous_account (subject: `ref`).
    Result<Account> find_account(const std::string& ref);
    // Imports files, streamed, in one action: either every new file is recorded, or none.
    // Content already held by a live item is not stored twice; its outcome names that item.
    Result<std::vector<ImportOutcome>> import_files(const ImportRequest& req);
    // Seals a screenshot as an item of kind `screenshot` (custody line `item.captured`): the
    // PNG is written like an imported file (temp, sync, rename, sync folder) and recorded in
    // one transaction. The bytes must be a PNG whose header gives its size. Identical bytes
    // already held by a live item are not stored twice; the outcome names that item.
    Result<ImportOutcome> add_screenshot(const ScreenshotRequest& req);
    Result<Item> add_link(const LinkRequest& req);
    Result<Item> add_link(std::string_view url, const std::optional<std::string>& description,
                          const std::optional<std::string>& account);
    Result<void> describe(std::int64_t seq, std::string_view description);
    // Records when an item happened, as the person now says it (custody line
    // `item.happened`; nullopt: unknown). The earlier value stays in the log.
    Result<void> set_happened(std::int64_t seq, const std::optional<std::string>& happened);
    // Marks an item sensitive or not (custody line `item.sensitive`): a sensitive item's
    // picture is never shown, on screen or in the report. Nothing is written when the item
    // already is as asked; the earlier value stays in the log.
    Result<void> set_sensitive(std::int64_t seq, bool sensitive);
    // Gives the case a new title (custody line `case.renamed`), checked as a new case's title
    // is (validate_case_title). Nothing is written when the title is already the same; the
    // earlier titles stay in the log.
    Result<void> rename(std::string_view title);
    // Changes the account an item concerns (custody line `item.account`): `account_ref` is a
    // handle, PLATFORM:HANDLE or the account's number; nullopt: no account. Refused for a
    // withdrawn item (Errc::already_withdrawn) or an account the case does not have. Nothing
    // is written when the item already is as asked.
    Result<void> set_item_account(std::int64_t seq, const std::optional<std::string>& account_ref);
    // The same, by the account's number (nullopt: no account).
    Result<void> set_item_account_id(std::int64_t seq, std::optional<std::int64_t> account_id);
    // Records where a screenshot's or an imported file's content was seen, a message's link
    // (custody line `item.url`; nullopt: no link). Refused (Errc::usage, subject "--url") for
    // a link item, whose address is the evidence itself, and for a URL that is not http(s);
    // Errc::already_withdrawn for a withdrawn item. Returns whether a line was written:
    // nothing is when the item already has that link.
    Result<bool> set_item_url(std::int64_t seq, const std::optional<std::string>& url);
    Result<void> withdraw(std::int64_t seq, std::string_view reason);
    // Copies an item's original bytes to `out` (which must not exist), checking its hash.
    Result<void> extract(std::int64_t seq, const std::filesystem::path& out);

    // The custody log, line by line, without newlines.
    Result<std::vector<std::string>> log_lines();
    // Re-hashes every object and re-checks the log chain and its agreement with the tables,
    // and that every stored token still covers the log lines it was obtained for. With trust
    // anchors, each token is also fully verified (a failure is a note: the anchors given may
    // simply not include the TSA's).
    Result<CheckReport> check(const crypto::TrustStore* trust = nullptr);

    // Timestamps (timestamps.cpp).
    Result<std::vector<TimestampToken>> timestamps();
    Result<std::optional<TimestampAttempt>> last_timestamp_attempt();
    // The log's first `lines` lines and their digest.
    Result<LogPrefix> log_prefix(std::int64_t lines);
    // The whole log as a prefix, when some line that needs a timestamp is not yet covered by
    // one (every line but `timestamp.obtained` lines needs one); nullopt otherwise.
    Result<std::optional<LogPrefix>> prefix_to_seal();
    // Stores a verified token for `prefix` and adds the custody line `timestamp.obtained`.
    Result<TimestampToken> record_timestamp(const LogPrefix& prefix,
                                            const crypto::TsaSuccess& success);
    // Records a round that gave no token, with its outcome (pending or failed).
    Result<TimestampAttempt> record_timestamp_failure(
        const LogPrefix& prefix, const std::vector<crypto::TsaFailure>& failures);
    // When each TSA URL was last asked (seconds since the epoch), for rate limits.
    Result<std::map<std::string, std::int64_t>> tsa_last_requests();
    Result<void> note_tsa_request(const std::string& url, std::int64_t at);

    // Appends the custody line `bundle.exported` with `fields` (its "action" is set here), in
    // its own transaction, after a bundle was written (bundle_writer.cpp). Returns its seq.
    Result<std::int64_t> record_export(const nlohmann::json& fields);
    // Appends the custody line `report.made` with `fields` (its "action" is set here), in
    // its own transaction. Returns the line's number.
    Result<std::int64_t> record_report(const nlohmann::json& fields);

    // Machine transcripts (transcript.h, transcripts.cpp): derived records, not evidence,
    // never in the custody log. save_transcript replaces the item's transcript, in one
    // transaction; Errc::not_available (detail: to_string(TranscribeRefusal)) for an item that
    // must not be transcribed, checked under the write lock.
    Result<void> save_transcript(const Transcript& t);
    Result<std::optional<Transcript>> transcript(std::int64_t seq);
    // The items that may be transcribed (transcribe_refusal) and have no transcript yet, but
    // the frames of a live stitched conversation (its joined image holds their text).
    Result<std::vector<std::int64_t>> items_to_transcribe();
    // Every line of a live, non-sensitive item's transcript that holds `text`'s words, in
    // order, ignoring case and accents ("adresse" finds "Adrésse"); `text` is plain text
    // (fts5_phrase), never query syntax. By item, then line.
    Result<std::vector<TranscriptHit>> search_transcripts(std::string_view text);

    ~CaseStore();

  private:
    // Inside the caller's transaction.
    Result<void> delete_transcript(std::int64_t seq);
    CaseStore(std::filesystem::path dir, sql::Db db, Env& env);
    Result<void> load_info();
    Result<void> finish_interrupted_work();
    Result<std::int64_t> append_log(nlohmann::json fields);
    Result<std::optional<Account>> resolve_account(const std::optional<std::string>& ref);
    Result<void> check_sources(const nlohmann::json& derived);
    Result<std::int64_t> next_item_seq();
    Result<std::optional<std::int64_t>> live_item_with(std::string_view sha256);
    Result<void> remove_object_if_unused(std::string_view sha256);
    Result<void> record_new_item(const detail::NewItem& item,
                                 std::vector<std::filesystem::path>& published);
    void unpublish(const std::vector<std::filesystem::path>& published);
    Result<void> fill_timestamp_status(std::vector<Item>& items);

    std::filesystem::path m_dir;
    sql::Db m_db;
    Env& m_env;
    CaseInfo m_info;
};

}  // namespace scelle::core
