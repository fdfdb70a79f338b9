import KBModel
import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One inline element of a leaf block, in document order.
///
/// Containers (emphasis, links) appear as open/close pairs so that the stream is
/// flat: nothing downstream recurses, however deeply a note nests its markup.
public enum InlineToken: Hashable, Sendable {
    case text(String, line: Int)
    case code(String, line: Int)
    case html(String, line: Int)
    case softBreak
    case lineBreak
    case emphasisOpen, emphasisClose
    case strongOpen, strongClose
    case linkOpen(destination: String, line: Int)
    case linkClose
    case imageOpen(destination: String, line: Int)
    case imageClose
}

/// A leaf block of a markdown document with the context the extractor needs.
public struct MarkdownBlock: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case heading(level: Int)
        case paragraph
        /// `info` is the fence's info string (`markdown` in "```markdown").
        case codeBlock(literal: String, info: String)
        case htmlBlock(literal: String)
        case thematicBreak
    }

    public var kind: Kind
    /// 1-based source lines, relative to the text that was parsed.
    public var startLine: Int
    public var endLine: Int
    /// 1-based column of the block's first character.
    public var startColumn: Int
    /// List items and block quotes around the block, outermost first.
    public var containers: [Container]
    /// True for the first block of a list item.
    public var opensListItem: Bool
    public var inlines: [InlineToken]

    public enum Container: Hashable, Sendable {
        case blockQuote
        case listItem(ordered: Bool)
    }
}

/// The whole libcmark boundary: parses markdown into immutable Swift values.
///
/// Parsing uses `CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8` and never SMART, so
/// that quotes and dashes stay as written. No cmark pointer outlives a call.
public enum Markdown {
    static let parseOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8

    /// Parses `text` into its leaf blocks, in document order.
    public static func blocks(_ text: String) -> [MarkdownBlock] {
        var text = text
        return text.withUTF8 { buffer -> [MarkdownBlock] in
            guard let doc = buffer.withMemoryRebound(to: CChar.self, { chars in
                cmark_parse_document(chars.baseAddress, chars.count, parseOptions)
            }) else { return [] }
            defer { cmark_node_free(doc) }
            return collectBlocks(doc)
        }
    }

    /// Renders markdown to HTML in cmark's default safe mode: raw HTML and
    /// `javascript:` links from the input never pass through.
    public static func html(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendHTML(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `html(text)`'s bytes, appended to `out`: a site's pages are written as bytes, and
    /// making a `String` of cmark's output first checked every byte of it again.
    public static func appendHTML(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer in
            guard let rendered = buffer.withMemoryRebound(to: CChar.self, { chars in
                cmark_markdown_to_html(chars.baseAddress, chars.count, CMARK_OPT_VALIDATE_UTF8)
            }) else { return }
            defer { free(rendered) }
            out.append(contentsOf: UnsafeRawBufferPointer(start: rendered, count: strlen(rendered)))
        }
    }

    private static func collectBlocks(_ doc: OpaquePointer) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var containers: [MarkdownBlock.Container] = []
        // Set when entering an item; the first leaf inside it takes and clears it.
        var pendingItem = false
        // Ordered-ness of the lists we are inside, to label their items.
        var listOrdered: [Bool] = []
        var current: MarkdownBlock?

        guard let iter = cmark_iter_new(doc) else { return [] }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER

            switch type {
            case CMARK_NODE_DOCUMENT:
                continue
            case CMARK_NODE_BLOCK_QUOTE:
                if entering { containers.append(.blockQuote) } else { containers.removeLast() }
            case CMARK_NODE_LIST:
                if entering { listOrdered.append(cmark_node_get_list_type(node) == CMARK_ORDERED_LIST) } else { listOrdered.removeLast() }
            case CMARK_NODE_ITEM:
                if entering {
                    containers.append(.listItem(ordered: listOrdered.last ?? false))
                    pendingItem = true
                } else {
                    containers.removeLast()
                    pendingItem = false
                }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering {
                    let kind: MarkdownBlock.Kind = type == CMARK_NODE_HEADING
                        ? .heading(level: Int(cmark_node_get_heading_level(node))) : .paragraph
                    current = leaf(node, kind: kind, containers: containers, opensItem: pendingItem)
                    pendingItem = false
                } else if let block = current {
                    blocks.append(block)
                    current = nil
                }
            case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK:
                let literal = string(cmark_node_get_literal(node))
                let kind: MarkdownBlock.Kind
                switch type {
                case CMARK_NODE_CODE_BLOCK:
                    kind = .codeBlock(literal: literal, info: string(cmark_node_get_fence_info(node)))
                case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock(literal: literal)
                default: kind = .thematicBreak
                }
                blocks.append(leaf(node, kind: kind, containers: containers, opensItem: pendingItem))
                pendingItem = false
            case CMARK_NODE_TEXT:
                current?.inlines.append(.text(string(cmark_node_get_literal(node)), line: line(node)))
            case CMARK_NODE_CODE:
                current?.inlines.append(.code(string(cmark_node_get_literal(node)), line: line(node)))
            case CMARK_NODE_HTML_INLINE:
                current?.inlines.append(.html(string(cmark_node_get_literal(node)), line: line(node)))
            case CMARK_NODE_SOFTBREAK:
                current?.inlines.append(.softBreak)
            case CMARK_NODE_LINEBREAK:
                current?.inlines.append(.lineBreak)
            case CMARK_NODE_EMPH:
                current?.inlines.append(entering ? .emphasisOpen : .emphasisClose)
            case CMARK_NODE_STRONG:
                current?.inlines.append(entering ? .strongOpen : .strongClose)
            case CMARK_NODE_LINK:
                current?.inlines.append(entering
                    ? .linkOpen(destination: string(cmark_node_get_url(node)), line: line(node)) : .linkClose)
            case CMARK_NODE_IMAGE:
                current?.inlines.append(entering
                    ? .imageOpen(destination: string(cmark_node_get_url(node)), line: line(node)) : .imageClose)
            default:
                continue
            }
        }
        return blocks
    }

    private static func leaf(_ node: OpaquePointer, kind: MarkdownBlock.Kind,
                             containers: [MarkdownBlock.Container], opensItem: Bool) -> MarkdownBlock {
        MarkdownBlock(kind: kind, startLine: line(node),
                      endLine: Int(cmark_node_get_end_line(node)),
                      startColumn: Int(cmark_node_get_start_column(node)),
                      containers: containers, opensListItem: opensItem, inlines: [])
    }

    private static func line(_ node: OpaquePointer) -> Int {
        Int(cmark_node_get_start_line(node))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
