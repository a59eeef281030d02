// Feeds: RSS/Atom/JSON Feed polling and article pages, handed to the index as Sources.
export { createFeedPoller, type FeedPage, type FeedPoller, type FeedPollerOptions, type FeedStatus, type PollReport } from './poller.js';
export { fetchBounded, FetchError, USER_AGENT, DEFAULT_HTTP, type HttpOptions, type Fetched } from './http.js';
export { parseFeedText, escapeHtml, type FeedItem, type ParsedFeed } from './parse.js';
export { feedItemId } from './ids.js';
