/*
 * scn read: the sources of a load turned into items: scenario files, their includes, and --set
 * options.
 *
 * libinih splits lines into (section, key, value) and strips comments. Its parser is fed by our
 * own reader, which sees every raw line first: it counts lines (the library's handler gets no
 * line number), refuses lines longer than the library's 200-byte buffer instead of letting them
 * be cut in pieces (but for comment lines, read whole and ignored whatever their length: run.txt's
 * hold command lines and paths), strips leading blanks (so that an indented line is never taken as
 * the continuation of the previous value), and checks section headers and line shapes itself so
 * that each mistake gets one precise message. A line it refuses reaches the library as a blank
 * line; a refused section header reaches it as a section named "!", whose keys are ignored.
 *
 * A file's items (its headers and key = value lines, each with its origin) are appended to the
 * load's list after those of the files it includes, so that applying them in order lets the
 * including file override; --set options come last. Nothing is applied here: see load.c.
 */
#include "sim/scenario/scn_int.h"

#include <errno.h>
#include <fcntl.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

_Static_assert(LINE_MAX_BYTES == INI_MAX_LINE - 2, "libinih's line: the bytes, '\\n' and NUL");
#define RAW_LINE_LIMIT (1 << 20) /* a "line" this long is not text: stop reading the file */

/* The reader's state for one file. */
typedef struct {
    loader *L;
    int file;
    const char *path;
    int line; /* of the line being handled */
    FILE *fp; /* the source: a FILE or a string */
    const char *text;
    int eof;
    int bad_file;       /* a read error or binary data: stop */
    int read_errno;     /* the error of a failed read, taken when it failed */
    item_list own;      /* this file's items (applied after its includes) */
    scn_table first;    /* (section, key) -> the line this file first set it on; key NULL:
                           the section header */
    item_list includes; /* include lines: value is the path as written */
} file_ctx;

#define ERR(ctx, ...) scn_error_at((ctx)->L, (origin){(ctx)->file, (ctx)->line}, __VA_ARGS__)

/* ---------------------------------------------------------------- item lists, files read */

static int push_item(item_list *l, const char *section, const char *key, const char *value,
                     origin at)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 32;
        item *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    item *it = &l->v[l->n];
    it->section = strdup(section);
    it->key = key ? strdup(key) : NULL;
    it->value = value ? strdup(value) : NULL;
    it->at = at;
    if (!it->section || (key && !it->key) || (value && !it->value)) {
        free(it->section);
        free(it->key);
        free(it->value);
        return -1;
    }
    l->n++;
    return 0;
}

void scn_items_free(item_list *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].section);
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Moves every item of `from` to the end of `to`. */
static int append_items(item_list *to, item_list *from)
{
    for (int i = 0; i < from->n; i++) {
        if (to->n == to->cap) {
            int cap = to->cap ? 2 * to->cap : 32;
            while (cap < to->n + 1)
                cap *= 2;
            item *v = realloc(to->v, (size_t)cap * sizeof *v);
            if (!v) return -1;
            to->v = v;
            to->cap = cap;
        }
        to->v[to->n++] = from->v[i];
    }
    free(from->v);
    from->v = NULL;
    from->n = from->cap = 0;
    return 0;
}

/* A file (or an option) of the load: its number, or -1. It is named in messages as scn_shown
 * writes it, on one line whatever it holds. */
static int add_file(loader *L, const char *name)
{
    if (L->nfiles == MAX_FILES) return -1;
    L->files[L->nfiles] = scn_shown(name);
    return L->files[L->nfiles] ? L->nfiles++ : -1;
}

/* A component kind named by a header or a --set option: 0 if the load may hold it (it is
 * counted), 1 if it would be one too many, -1 out of memory. Kinds are counted across the files
 * of the load, as they merge. */
static int new_kind(loader *L, const char *cname)
{
    if (scn_table_get(&L->kinds, cname, NULL)) return 0;
    if (L->kinds.n == SCN_MAX_COMPONENTS) return 1;
    return scn_table_put(&L->kinds, cname, NULL, 1);
}

/* ---------------------------------------------------------------- hints */

/* The sections a header may name, for "unknown section" messages. */
#define SECTIONS_EXPECTED                                                                          \
    "scenario, cluster, component.NAME, detection, failover, job, sweep, sdc, tier.NAME, "         \
    "domain.NAME, site, service, cost, maintenance or fleet"

/* A hint for an unknown section: the fixed sections, and component.NAME, tier.NAME and
 * domain.NAME for a name with a '.' ([components.gpu] is close to [component.gpu], [tiers.local]
 * to [tier.local], [domains.rack] to [domain.rack]). Returns hint, SCN_HINT_SIZE bytes. */
static const char *section_hint(char *hint, const char *name)
{
    static const char *const named[] = {"component", "tier", "domain"};
    const char *names[NFIXED + 3];
    char sub[3][SCN_HINT_SIZE];
    int n = 0;
    for (int i = 0; i < NFIXED; i++)
        names[n++] = scn_section_name(i);
    const char *dot = strchr(name, '.');
    for (int i = 0; i < 3 && dot; i++)
        if ((size_t)snprintf(sub[i], sizeof sub[i], "%s%s", named[i], dot) < sizeof sub[i])
            names[n++] = sub[i];
    return scn_hint(hint, SCN_HINT_SIZE, name, names, n);
}

/* The word for the NAME of a section of several (component, tier, domain), or NULL for a fixed
 * section: in messages about names and about the sections a scenario has. */
static const char *named_section_word(int sec)
{
    return sec == SEC_COMPONENT ? "component"
           : sec == SEC_TIER    ? "tier"
           : sec == SEC_DOMAIN  ? "domain"
                                : NULL;
}

/* A hint for an unknown key of section sec (include too in a file's [scenario]). */
static const char *key_hint(char *hint, int sec, const char *key, int in_file)
{
    const char *names[32];
    int n = scn_key_names(sec, names, 31);
    if (in_file && sec == SEC_SCENARIO) names[n++] = "include";
    return scn_hint(hint, SCN_HINT_SIZE, key, names, n);
}

/* ---------------------------------------------------------------- libinih's handler */

static void out_of_memory(file_ctx *ctx)
{
    ERR(ctx, "out of memory");
    ctx->bad_file = 1;
}

/* Keeps a line of this file: its item, and where (section, key) was first set. */
static int keep(file_ctx *ctx, const char *section, const char *key, const char *value)
{
    origin at = {ctx->file, ctx->line};
    if (push_item(&ctx->own, section, key, value, at) ||
        scn_table_put(&ctx->first, section, key, ctx->line)) {
        out_of_memory(ctx);
        return -1;
    }
    return 0;
}

/* libinih's handler: one key = value of a section the reader has accepted. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    file_ctx *ctx = user;
    const char *cname = NULL;
    if (section[0] == '!') return 1; /* a section the reader refused: already reported */
    if (section[0] == '\0') {
        ERR(ctx, "'%s' is outside any section (expected a [section] header first)", key);
        return 1;
    }
    int sec = scn_section_of(section, &cname);
    origin at = {ctx->file, ctx->line};
    const char *hash = strchr(value, '#');
    if (hash && hash > value && (hash[-1] == ' ' || hash[-1] == '\t')) {
        ERR(ctx, "'#' starts a comment only at the start of a line: after a value, write "
                 "' ; comment'");
        return 1;
    }
    if (sec == SEC_SCENARIO && strcmp(key, "include") == 0) {
        if (push_item(&ctx->includes, section, key, value, at)) out_of_memory(ctx);
        return 1;
    }
    if (!scn_find_key(sec, key)) {
        char expected[200], hint[SCN_HINT_SIZE];
        scn_list_keys(sec, expected, sizeof expected);
        ERR(ctx, "unknown key '%s' in [%s] (expected %s%s)%s", key, section, expected,
            sec == SEC_SCENARIO ? ", include" : "", key_hint(hint, sec, key, 1));
        return 1;
    }
    int first = scn_table_get(&ctx->first, section, key);
    if (first) {
        ERR(ctx, "%s is set twice in [%s] (first on line %d)", key, section, first);
        return 1;
    }
    keep(ctx, section, key, value);
    return 1;
}

/* ---------------------------------------------------------------- the reader */

/* One raw line, as read_raw found it. */
typedef struct {
    long len;     /* bytes kept in the buffer, without the line ending; -1 at end of input */
    int too_long; /* not a comment, and longer than the buffer: buf holds its start */
    int comment;  /* its first non-blank character (after a byte order mark) is ';' or '#' */
    int nul;      /* it holds a NUL byte: binary data, reading stops there */
    int control;  /* its first control character other than tab, or -1 (a '\r' before the
                     line ending is part of the ending) */
} raw_line;

static int next_byte(file_ctx *ctx)
{
    if (!ctx->fp) return *ctx->text ? (unsigned char)*ctx->text++ : EOF;
    int c = getc(ctx->fp);
    if (c == EOF && ferror(ctx->fp) && !ctx->read_errno)
        ctx->read_errno = errno ? errno : EIO; /* now: a later call may change errno */
    return c;
}

/* Reads one raw line into buf (without its line ending). A comment line of any length is read
 * whole and its start kept (run.txt's comment lines hold command lines and paths); any other
 * line longer than the buffer is consumed whole too, and flagged. */
static raw_line read_raw(file_ctx *ctx, char *buf, size_t size)
{
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    raw_line r = {.len = -1, .control = -1};
    size_t n = 0, len = 0;
    int c, any = 0, cr = 0, decided = 0;
    while ((c = next_byte(ctx)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (c == '\0') { /* binary data: stop at once (/dev/zero would never end a line) */
            r.nul = 1;
            break;
        }
        if (cr && r.control < 0) r.control = '\r'; /* a '\r' inside the line */
        cr = c == '\r';
        if (c < 0x20 && c != '\t' && c != '\r' && r.control < 0) r.control = c;
        if (!decided && !(c == ' ' || c == '\t') &&
            !(ctx->line == 0 && len < 3 && (unsigned char)c == bom[len] &&
              memcmp(buf, bom, len) == 0)) {
            decided = 1;
            r.comment = c == ';' || c == '#';
        }
        len++;
        if (n + 1 < size) {
            buf[n++] = (char)c;
        } else if (!r.comment) {
            r.too_long = 1;
            if (len > RAW_LINE_LIMIT) { /* no scenario has such a line: stop reading */
                ctx->bad_file = 1;
                break;
            }
        }
    }
    if (ctx->fp && ferror(ctx->fp)) {
        ctx->bad_file = 1;
        return r;
    }
    if (!any) return r;
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\r') buf[--n] = '\0';
    r.len = (long)n;
    return r;
}

/* Checks a section header line "[name]" (with an optional comment after it) and records it.
 * Returns the text to hand to libinih. */
static const char *check_header(file_ctx *ctx, char *line, char *out, size_t outlen)
{
    char *close = strchr(line, ']');
    if (!close) {
        ERR(ctx, "missing ']' in section header (expected [name])");
        return "[!]";
    }
    char *rest = close + 1;
    rest += strspn(rest, " \t");
    if (*rest && *rest != ';' && *rest != '#') {
        ERR(ctx, "unexpected text '%s' after the section header", rest);
        return "[!]";
    }
    *close = '\0';
    char *name = line + 1;
    name += strspn(name, " \t");
    size_t len = strlen(name);
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        name[--len] = '\0';
    const char *cname = NULL;
    int sec = scn_section_of(name, &cname);
    if (sec == SEC_NONE) {
        char hint[SCN_HINT_SIZE];
        ERR(ctx, "unknown section [%s] (expected " SECTIONS_EXPECTED ")%s", name,
            section_hint(hint, name));
        return "[!]";
    }
    if (named_section_word(sec) && !scn_component_name_ok(cname)) {
        ERR(ctx, "%s name '%s' must be 1 to %d letters, digits, '_' or '-'",
            named_section_word(sec), cname, MAX_COMPONENT_NAME);
        return "[!]";
    }
    int first = scn_table_get(&ctx->first, name, NULL);
    if (first) {
        ERR(ctx, "duplicate section [%s] (first on line %d)", name, first);
        return "[!]";
    }
    if (sec == SEC_COMPONENT) {
        int rc = new_kind(ctx->L, cname);
        if (rc < 0) {
            out_of_memory(ctx);
            return "[!]";
        }
        if (rc > 0) {
            /* no scenario can hold more: the rest of the file (thousands of sections, maybe)
             * would only repeat the refusal */
            ERR(ctx, "too many component kinds (at most %d): reading stops at [%s]",
                SCN_MAX_COMPONENTS, name);
            ctx->bad_file = 1;
            return "[!]";
        }
    }
    if (keep(ctx, name, NULL, NULL)) return "[!]";
    snprintf(out, outlen, "[%s]", name);
    return out;
}

/* libinih's reader: hands over one checked line at a time (see the top of this file). */
static char *reader(char *str, int num, void *stream)
{
    file_ctx *ctx = stream;
    char raw[4096], hdr[INI_MAX_LINE];
    if (ctx->eof || ctx->bad_file) return NULL;
    raw_line r = read_raw(ctx, raw, sizeof raw);
    if (r.len < 0) {
        ctx->eof = 1;
        return NULL;
    }
    ctx->line++;
    char *p = raw;
    if (ctx->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte order mark */
    if (r.nul) {
        ERR(ctx, "binary data (a NUL byte): not a scenario file");
        ctx->bad_file = 1;
        return NULL;
    }
    const char *lead = p + strspn(p, " \t");
    /* a refused header must still end the previous section, or its keys land there */
    const char *refused = *lead == '[' ? "[!]" : "";
    const char *out = refused;
    if (r.control >= 0) {
        ERR(ctx, "control character 0x%02x (not a scenario file?)", (unsigned)r.control);
        goto hand_over;
    }
    if (r.comment) {
        out = ""; /* whatever its length: nothing in it is read */
        goto hand_over;
    }
    if ((unsigned char)lead[0] == 0xEF && (unsigned char)lead[1] == 0xBB &&
        (unsigned char)lead[2] == 0xBF) {
        ERR(ctx, "a byte order mark (U+FEFF) inside the file, not at its start (files "
                 "joined with cat?)");
        out = lead[3 + strspn(lead + 3, " \t")] == '[' ? "[!]" : "";
        goto hand_over;
    }
    /* Keys and values are ASCII: a non-breaking space or a typographic quote pasted from a
     * document would otherwise show as an ordinary character in messages. */
    for (const char *q = lead; *q && *q != ';'; q++) {
        if ((unsigned char)*q >= 0x80) {
            ERR(ctx,
                "non-ASCII byte 0x%02x at column %d (a non-breaking space or a "
                "typographic quote pasted from a document?): keys and values are ASCII",
                (unsigned char)*q, (int)(q - p) + 1);
            goto hand_over;
        }
    }
    if (r.too_long || strlen(p) > LINE_MAX_BYTES) {
        ERR(ctx, "line is too long (at most %d bytes)", LINE_MAX_BYTES);
        goto hand_over;
    }
    p += strspn(p, " \t");
    out = p;
    if (*p == '\0') goto hand_over;
    if (*p == '[') {
        out = check_header(ctx, p, hdr, sizeof hdr);
        goto hand_over;
    }
    {
        size_t key_len = strcspn(p, "=:");
        /* libinih ends the line at an inline comment (';' after a blank), even before the '=' */
        for (size_t i = 1; i < key_len; i++) {
            if (p[i] == ';' && (p[i - 1] == ' ' || p[i - 1] == '\t')) {
                key_len = strlen(p);
                break;
            }
        }
        if (p[key_len] == '\0') {
            ERR(ctx, "expected 'key = value', '[section]' or a comment, got '%s'", p);
            out = "";
        } else if (key_len == 0) {
            ERR(ctx, "missing key before '%c'", p[0]);
            out = "";
        }
    }
hand_over:
    if ((int)strlen(out) + 2 > num) out = ""; /* cannot happen: lines were checked above */
    snprintf(str, (size_t)num, "%s\n", out);
    return str;
}

/* ---------------------------------------------------------------- files and includes */

/* The path of an include, relative to the including file's directory unless absolute; NULL out
 * of memory. Free it. */
static char *resolve(const char *includer, const char *path)
{
    const char *slash = strrchr(includer, '/');
    char *out;
    int rc = path[0] == '/' || !slash
                 ? asprintf(&out, "%s", path)
                 : asprintf(&out, "%.*s/%s", (int)(slash - includer), includer, path);
    return rc < 0 ? NULL : out;
}

/* "a -> b -> ... -> " for the files open from depth `from` on, then `last`; NULL out of memory. */
static char *cycle_chain(const loader *L, int from, const char *last)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    for (int j = from; j < L->depth; j++)
        fprintf(f, "%s -> ", L->open[j].path);
    fputs(last, f);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static const char *kind_of_file(mode_t mode)
{
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/* Opens the file of ctx (named ctx->path, shown as `shown`) without waiting, and refuses what
 * is not a regular file: a FIFO with no writer would block open() and then read() for ever, a
 * terminal would wait for input, a directory cannot be read. 0, or -1 with a message on `from`
 * (an include line) or on the file itself (the top level). */
static int open_file(file_ctx *ctx, const char *shown, origin from, struct stat *st)
{
    loader *L = ctx->L;
    origin self = {ctx->file, 0};
    int fd = open(ctx->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int err = errno; /* now: stat() below may change it */
        if (stat(ctx->path, st) == 0 && S_ISDIR(st->st_mode)) {
            st->st_mode = S_IFDIR;
            goto not_regular; /* an unreadable directory is a directory all the same */
        }
        if (from.file < 0)
            scn_error_at(L, self, "cannot open: %s", strerror(err));
        else
            scn_error_at(L, from, "include: cannot open %s: %s", shown, strerror(err));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        int err = errno;
        close(fd);
        if (from.file < 0)
            scn_error_at(L, self, "cannot open: %s", strerror(err));
        else
            scn_error_at(L, from, "include: cannot open %s: %s", shown, strerror(err));
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        goto not_regular;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK); /* reads of a regular file */
    ctx->fp = fdopen(fd, "r");
    if (!ctx->fp) {
        int err = errno;
        close(fd);
        scn_error_at(L, from.file < 0 ? self : from, "cannot open %s: %s", shown, strerror(err));
        return -1;
    }
    return 0;
not_regular:
    if (S_ISDIR(st->st_mode)) {
        if (from.file < 0)
            scn_error_at(L, self, "is a directory (expected a scenario file)");
        else
            scn_error_at(L, from, "include: %s is a directory (expected a scenario file)", shown);
    } else if (from.file < 0) {
        scn_error_at(L, self, "is %s, not a regular file (expected a scenario file)",
                     kind_of_file(st->st_mode));
    } else {
        scn_error_at(L, from, "include: %s is %s, not a regular file (expected a scenario file)",
                     shown, kind_of_file(st->st_mode));
    }
    return -1;
}

/* Reads one file (or text), then its includes; appends to L->items the included files' items,
 * then its own. `from` is the include line that named it (file -1 for the top level). */
int scn_read_file(loader *L, const char *path, const char *text, origin from)
{
    file_ctx ctx = {.L = L, .path = path, .text = text};
    struct stat st;
    int depth_pushed = 0;
    ctx.file = add_file(L, path);
    if (ctx.file < 0) {
        scn_error_at(L, from, "too many files (at most %d, with the --set options)", MAX_FILES);
        return -1;
    }
    const char *shown = L->files[ctx.file]; /* the path as messages show it */
    if (!text) {
        if (open_file(&ctx, shown, from, &st)) return -1;
        for (int i = 0; i < L->depth; i++) {
            if (L->open[i].dev == st.st_dev && L->open[i].ino == st.st_ino) {
                char *chain = cycle_chain(L, i, shown);
                scn_error_at(L, from,
                             "include cycle: %s (a file may not include itself, directly or "
                             "through others)",
                             chain ? chain : shown);
                free(chain);
                fclose(ctx.fp);
                return -1;
            }
        }
        if (L->depth == MAX_DEPTH + 1) {
            scn_error_at(L, from, "includes nest more than %d deep", MAX_DEPTH);
            fclose(ctx.fp);
            return -1;
        }
        L->open[L->depth].dev = st.st_dev;
        L->open[L->depth].ino = st.st_ino;
        L->open[L->depth].path = shown;
        L->depth++;
        depth_pushed = 1;
    }
    int errs_before = L->errs->n;
    ini_parse_stream(reader, &ctx, on_key, &ctx);
    /* every problem the library could report was already reported by the reader */
    if (ctx.bad_file && ctx.fp && ferror(ctx.fp))
        scn_error_at(L, (origin){ctx.file, 0}, "cannot read: %s", strerror(ctx.read_errno));
    else if (ctx.line == 0 && L->errs->n == errs_before)
        scn_error_at(L, (origin){ctx.file, 0},
                     "empty file (expected a scenario: see docs/scenarios.md)");
    for (int i = 0; i < ctx.includes.n; i++) {
        const item *inc = &ctx.includes.v[i];
        if (inc->value[0] == '\0') {
            scn_error_at(L, inc->at, "include: missing file name");
            continue;
        }
        char *resolved = resolve(path, inc->value);
        if (!resolved) {
            scn_error_at(L, inc->at, "out of memory");
            continue;
        }
        scn_read_file(L, resolved, NULL, inc->at);
        free(resolved);
    }
    if (append_items(&L->items, &ctx.own)) scn_error_at(L, from, "out of memory");
    scn_items_free(&ctx.own);
    scn_items_free(&ctx.includes);
    scn_table_free(&ctx.first);
    if (ctx.fp) fclose(ctx.fp);
    if (depth_pushed) L->depth--;
    return 0;
}

/* "value" without the blanks around it, as a new string (NULL out of memory). */
static char *trimmed(const char *v, size_t len)
{
    while (len && (*v == ' ' || *v == '\t')) {
        v++;
        len--;
    }
    while (len && (v[len - 1] == ' ' || v[len - 1] == '\t'))
        len--;
    return strndup(v, len);
}

/* 1 if the items read so far (every file, then the options before this one) declare section. */
static int has_section(const loader *L, const char *section)
{
    for (int i = 0; i < L->items.n; i++)
        if (!L->items.v[i].key && strcmp(L->items.v[i].section, section) == 0) return 1;
    return 0;
}

/* The message for a --set (or --vary) that would create a section: with the component kinds (or
 * the tiers, or the domains) the scenario has, and the closest of them. */
static void refuse_new_section(loader *L, origin at, int sec, const char *section,
                               const char *cname)
{
    if (!named_section_word(sec)) {
        scn_error_at(L, at,
                     "the scenario has no [%s] section (expected one it has; --add creates a "
                     "section)",
                     section);
        return;
    }
    /* the first SCN_MAX_COMPONENTS names: all the kinds a load may hold; files may name more
     * tiers or domains than a load holds (load.c refuses the one too many), and the list stops
     * there */
    const char *kinds[SCN_MAX_COMPONENTS];
    int n = 0;
    for (int i = 0; i < L->items.n && n < SCN_MAX_COMPONENTS; i++) {
        const item *it = &L->items.v[i];
        const char *name = NULL;
        if (it->key || scn_section_of(it->section, &name) != sec) continue;
        int seen = 0;
        for (int j = 0; j < n && !seen; j++)
            seen = strcmp(kinds[j], name) == 0;
        if (!seen) kinds[n++] = name;
    }
    char *list = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&list, &len);
    if (!f) {
        scn_error_at(L, at, "out of memory");
        return;
    }
    for (int i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? ", " : "", kinds[i]);
    if (n == 0) fputs("none", f);
    if (fclose(f) != 0) {
        free(list);
        scn_error_at(L, at, "out of memory");
        return;
    }
    char hint[SCN_HINT_SIZE];
    const char *what = sec == SEC_COMPONENT ? "kind" : named_section_word(sec);
    scn_error_at(L, at,
                 "the scenario has no [%s] (expected one of its %ss: %s; --add creates a new "
                 "%s)%s",
                 section, what, list, what, scn_hint(hint, sizeof hint, cname, kinds, n));
    free(list);
}

/* Turns "--set section.key=value" (or "--add ...", which may create a section, or "--vary ...")
 * into an item. */
void scn_read_override(loader *L, const char *text)
{
    int f = add_file(L, text);
    if (f < 0) {
        char *shown = scn_shown(text);
        scn_error(L->errs, shown ? shown : "--set", 0,
                  "too many --set options (at most %d with the files)", MAX_FILES);
        free(shown);
        return;
    }
    origin at = {f, 0};
    /* A newline would split the messages about the option, and could not be written back into
     * a scenario file (run.txt): the option is shown with it escaped, and refused. */
    for (const char *q = text; *q; q++) {
        if ((unsigned char)*q < 0x20 && *q != '\t') {
            scn_error_at(L, at,
                         "control character 0x%02x in the option (expected "
                         "SECTION.KEY=VALUE on one line)",
                         (unsigned char)*q);
            return;
        }
    }
    const char *arg = strchr(text, ' '); /* text is "--set " (or "--vary ") + the argument */
    arg = arg ? arg + 1 : text;
    const char *eq = strchr(arg, '=');
    char *name = NULL, *value = NULL;
    if (!eq || eq == arg) {
        scn_error_at(L, at, "expected SECTION.KEY=VALUE, e.g. --set cluster.spares=16");
        return;
    }
    name = strndup(arg, (size_t)(eq - arg));
    value = trimmed(eq + 1, strlen(eq + 1));
    if (!name || !value) {
        scn_error_at(L, at, "out of memory");
        goto out;
    }
    for (size_t l = strlen(name); l > 0 && (name[l - 1] == ' ' || name[l - 1] == '\t');)
        name[--l] = '\0'; /* "key = value" as well as "key=value" */
    char *dot = strrchr(name, '.');
    if (!dot || dot == name || dot[1] == '\0') {
        scn_error_at(L, at, "expected SECTION.KEY=VALUE, e.g. --set cluster.spares=16");
        goto out;
    }
    *dot = '\0';
    const char *section = name, *key = dot + 1, *cname = NULL;
    int sec = scn_section_of(section, &cname);
    if (sec == SEC_NONE) {
        char hint[SCN_HINT_SIZE];
        scn_error_at(L, at, "unknown section [%s] (expected " SECTIONS_EXPECTED ")%s", section,
                     section_hint(hint, section));
        goto out;
    }
    if (named_section_word(sec) && !scn_component_name_ok(cname)) {
        scn_error_at(L, at, "%s name '%s' must be 1 to %d letters, digits, '_' or '-'",
                     named_section_word(sec), cname, MAX_COMPONENT_NAME);
        goto out;
    }
    if (sec == SEC_SCENARIO && strcmp(key, "include") == 0) {
        scn_error_at(L, at, "include is for scenario files, not for --set");
        goto out;
    }
    if (!scn_find_key(sec, key)) {
        char expected[200], hint[SCN_HINT_SIZE];
        scn_list_keys(sec, expected, sizeof expected);
        scn_error_at(L, at, "unknown key '%s' in [%s] (expected %s)%s", key, section, expected,
                     key_hint(hint, sec, key, 0));
        goto out;
    }
    /* --set changes a scenario; only --add may give it what its files do not have: a kind of
     * component, a tier, a domain, a job, a sweep, silent data corruption, a site, a service,
     * costs, maintenance or a fleet (a misspelt kind would otherwise be a new one, silently).
     * [scenario], [cluster], [detection] and [failover] every scenario has, with defaults. */
    if ((named_section_word(sec) || sec == SEC_JOB || sec == SEC_SWEEP || sec == SEC_SDC ||
         sec == SEC_SITE || sec == SEC_SERVICE || sec == SEC_COST || sec == SEC_MAINT ||
         sec == SEC_FLEET) &&
        strncmp(text, "--add ", 6) != 0 && !has_section(L, section)) {
        refuse_new_section(L, at, sec, section, cname);
        goto out;
    }
    if (sec == SEC_COMPONENT) {
        int rc = new_kind(L, cname);
        if (rc < 0) {
            scn_error_at(L, at, "out of memory");
            goto out;
        }
        if (rc > 0) {
            scn_error_at(L, at, "too many component kinds (at most %d): [%s] would be one more",
                         SCN_MAX_COMPONENTS, section);
            goto out;
        }
    }
    if (push_item(&L->items, section, NULL, NULL, at) ||
        push_item(&L->items, section, key, value, at))
        scn_error_at(L, at, "out of memory");
out:
    free(name);
    free(value);
}
