// A request the chat cannot do now, with the reason a page shows as it is
// (a host logs other errors as failures). Its own file so that the chat
// service's parts can throw it without importing the service.
export class ChatError extends Error {
  override name = 'ChatError';
}
