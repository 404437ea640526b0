/**
 * The catalogue of the owner's words, in English: every Message main writes (common/messages.ts)
 * is one of these keys with its params. Keys are ids: they are stored in the database, so a
 * key is never renamed or reused; the English text may be edited freely. Hebrew is in
 * common/reasons-he.ts, typed to have every key.
 *
 * Templates use `{{name}}` placeholders. A param is a string (shown as it is), a number
 * (formatted for the language; `count` chooses a plural form) or another Message (rendered in
 * the same language); see common/messages.ts.
 */
import type { Message, MessageParam } from './messages.ts';

export const REASONS = {
  /** Text the owner or a provider wrote: shown exactly as it is (`verbatim()` in common/messages.ts). */
  verbatim: '{{text}}',

  // --- The engine: items and tasks --------------------------------------------------------
  inDoubt: 'Taskdeck stopped while this was being sent; it may or may not have gone out. Check, then mark it sent or send it again.',
  cancelledBeforeSent: 'Cancelled before it was sent',
  markedSentByOwner: 'Marked as sent by the owner',
  confirmedSentByProvider: 'Confirmed sent by the provider',
  unexpectedSendError: 'Unexpected error while sending: {{error}}',
  unexpectedProviderAnswer: 'Unexpected provider answer: {{answer}}',
  /** A repeatable item (nothing left this machine) whose work kept throwing: failed, not in doubt. */
  unexpectedErrorAfterTries: 'Failed {{count}} times with an unexpected error: {{error}}',
  accountCannotSend: 'The account cannot send right now.',
  /** A task parked for its account: what happened, then what the owner does. */
  accountWait: '{{reason}} {{action}}',
  thenPressResume: 'Then press Resume.',
  appStoppedResuming: 'Taskdeck stopped while this task was running; resuming',
  /** A request given up because the task was stopping. */
  stopped: 'Stopped',
  unknownKind: 'This version of Taskdeck cannot run tasks of the kind “{{kind}}”. Update Taskdeck, then press Resume.',
  schemaMismatch: 'The database belongs to another version of Taskdeck; restart the app.',
  /** Anything thrown that has no words of its own: its text as it is. */
  unexpectedError: 'Something went wrong: {{error}}',
  workerNotResponding: 'The worker stopped responding for {{count}} s',
  workerKilled: 'The worker was killed ({{signal}})',
  workerExited: 'The worker exited with code {{code}}',
  crashResuming: '{{reason}}; resuming',
  crashedTooOften: '{{reason}}, {{count}} times in a row. Resume to try again.',
  /** A task waits for an earlier one of its business that writes what it reads (main/engine/ordering.ts). */
  waitsForEarlierTask: 'Waits for “{{title}}” to finish first, so it uses the whole list that task brings in. It starts by itself after that.',
  waitsForPausedTask: 'Waits for “{{title}}”, which is paused, so it uses the whole list that task brings in. Resume or cancel “{{title}}”, and this task starts by itself.',

  // --- What the owner asked that cannot be done now (main/services/task-service.ts) -----------
  startInputInvalid: 'The task’s settings are not valid',
  broadcastInvalid: 'The broadcast settings are not valid',
  importInvalid: 'The import settings are not valid',
  syncInvalid: 'The sync settings are not valid',
  receiptsChooseWhich: 'Choose the receipts to delete: either "ids" or a "filter", not both',
  taskBeingCancelled: 'This task is being cancelled',
  taskAlreadyCompleted: 'This task has already been completed',
  taskAlreadyCancelled: 'This task has already been cancelled',
  taskAlreadyFailed: 'This task has already failed',
  retryNotForKind: 'This kind of task has nothing to retry',
  retryNeedsPause: 'Pause the task, or wait for it to finish, before retrying failed items',
  retryNothingFailed: 'No failed items to retry',
  /** Every failed item is a recipient who opted out (kind fact retryLeavesAlone): nothing to retry. */
  retryOnlyOptedOut: 'The {{count}} failed messages are to customers who stopped marketing messages; they are not sent again.',
  retryOnlyOptedOut_one: 'The failed message is to a customer who stopped marketing messages; it is not sent again.',
  retriedCount: '{{count}} failed messages go out again.',
  retriedCount_one: '1 failed message goes out again.',
  /** Retry failed kept these (kind fact retryLeavesAlone). */
  retryLeftOptedOut: '{{count}} were not retried: those customers stopped marketing messages.',
  retryLeftOptedOut_one: '1 was not retried: that customer stopped marketing messages.',
  taskBusy: 'This task is busy; try again in a moment',
  retryTakenOver: 'The task was taken over while its failed items were being retried',
  dismissOnlyFinished: 'Only finished tasks can be dismissed; cancel it first',
  noInDoubtItems: 'No in-doubt items to settle',
  providerCannotTell: 'This provider cannot tell whether a message went out; mark it sent or send it again',

  // --- Broadcasts ---------------------------------------------------------------------------
  optedOut: 'Opted out of messages',
  duplicateNumber: 'Same number as an earlier recipient; sent once',
  noValueFor: 'No value for {{fields}}',
  messageEmpty: 'The message is empty',
  gaveUpAfterTries: 'Gave up after {{count}} tries: {{reason}}',
  sendingSlowedDown: '{{reason}}. Sending slowed down; it goes on by itself.',
  waitingForNetworkSend: '{{reason}}. Waiting for the network; sending goes on by itself when it is back.',
  csvRow: 'Row {{row}}: {{reason}}',

  // --- Transport errors, shared by the providers' clients (the `what` of a reason) ----------
  netNoAnswer: 'no answer in time',
  netLookupFailed: 'the name {{host}} could not be looked up: no internet?',
  netRefused: 'connection refused',
  netReset: 'connection reset',
  netUnreachable: 'network unreachable',
  netConnectSlow: 'connecting took too long',
  checkInternet: '{{reason}}. Check the internet connection.',

  // --- WhatsApp: the account a broadcast sends from --------------------------------------
  waAccountGone: 'The WhatsApp account {{account}} was removed; choose another account and start again.',
  waAccountRemoved: 'The WhatsApp account of this broadcast was removed, so it cannot go on. Cancel it, then start the broadcast again with another account.',
  waTokenFromCli: "This account's token was saved by the command line, and the app cannot read it. Enter the token again on the WhatsApp page, then press Resume.",
  waTokenFromApp: "This account's token was saved by the app, and the command line cannot read it. Enter it again with “taskdeck accounts set-token”, then resume the task.",
  waTokenUnreadable: "This account's token could not be read on this computer ({{error}}). Enter the token again on the WhatsApp page, then press Resume.",

  // --- WhatsApp: transport and answers ------------------------------------------------------
  waUnreachable: 'Could not reach WhatsApp ({{what}})',
  waBrokeAfterSent: 'The connection to WhatsApp broke after the message was sent ({{what}}); it may or may not have been delivered',
  waFailedMidway: 'The request to WhatsApp failed midway ({{what}}); it may or may not have been delivered',
  waHttpNoDescription: 'WhatsApp answered HTTP {{status}} without an error description',
  waTemplatesUnreadable: 'The template list could not be read: {{why}}',
  waPagingRepeated: 'the server repeated a page cursor',
  waPagingTooLong: 'more than {{count}} pages of templates',
  waAnswerUnreadable: 'WhatsApp answered, but the answer could not be read',
  waMayHaveGoneOut: '{{reason}}; the message may have gone out (HTTP {{status}})',
  waGatewayUnknown: "WhatsApp's gateway answered HTTP {{status}} without saying whether the message went out",
  waInvalidPhone: '"{{phone}}" is not a phone number WhatsApp can send to.',
  waCheckStopped: 'The check was stopped',
  /** Meta's own explanation after our words. */
  errorWithDetails: '{{reason}}: {{details}}.',
  /** The error code after the words, for support. */
  errorWithRef: '{{reason}} ({{ref}})',
  waErrorCode: 'WhatsApp error {{code}}',
  httpStatus: 'HTTP {{status}}',

  // --- WhatsApp: what a Graph error means (main/providers/whatsapp/errors.ts) --------------
  waTokenExpired: 'The WhatsApp access token has expired.',
  waTokenExpiredAction: 'Paste a new access token in the WhatsApp account settings; the task goes on by itself after that.',
  waTokenInvalid: 'WhatsApp did not accept the access token (it is wrong, or it was revoked).',
  waTokenInvalidAction: 'Paste a valid access token in the WhatsApp account settings; the task goes on by itself after that.',
  waPermissionMissing: 'The access token is not allowed to send WhatsApp messages for this number.',
  waPermissionMissingAction:
    'Create a token with the whatsapp_business_messaging and whatsapp_business_management permissions and paste it in the account settings.',
  waUnknownId: 'WhatsApp does not know this phone number ID or business account ID, or the token cannot use it.',
  waUnknownIdAction: 'Check the IDs in the account settings, and that the token belongs to the same business.',
  waNumberDeleted: 'This business phone number has been deleted from WhatsApp.',
  waNumberDeletedAction: 'Check the phone number in WhatsApp Manager and in the account settings.',
  waNumberNotRegistered: 'This business phone number is not registered on the WhatsApp Cloud API.',
  waNumberNotRegisteredAction: 'Register the number in WhatsApp Manager, then resume the task.',
  waNumberNeedsVerification: 'WhatsApp wants this business phone number to be verified again.',
  waNumberNeedsVerificationAction: 'Verify the number in WhatsApp Manager, then resume the task.',
  waNumberCertificate: 'This business phone number was not registered correctly (certificate problem).',
  waNumberCertificateAction: 'Register the number again in WhatsApp Manager, then resume the task.',
  waDisplayNameNeeded: 'This business phone number needs an approved display name before it can send.',
  waDisplayNameNeededAction: 'Check the display name in WhatsApp Manager; resume the task once it is approved.',
  waAccountLocked: 'WhatsApp has locked this business account.',
  waAccountLockedAction: 'Open WhatsApp Manager to see why (policy or verification); resume the task once it is unlocked.',
  waAccountRestricted: 'WhatsApp has temporarily blocked this business account for policy violations.',
  waAccountRestrictedAction: 'Check Account quality in WhatsApp Manager; resume the task once the block is lifted.',
  waPaymentIssue: 'WhatsApp cannot charge this business account (no valid payment method, or the credit limit is reached).',
  waPaymentIssueAction: 'Fix the payment settings in WhatsApp Manager, then resume the task.',
  waSpamLimit: 'WhatsApp is limiting this number because recent messages were blocked or reported as spam.',
  waSpamLimitAction: "Check the number's quality in WhatsApp Manager before going on; resume the task when you are ready.",
  waTemplateMissing: 'The message template does not exist in this language (it may have been deleted or renamed).',
  waTemplateMissingAction: 'Check the template name and language in WhatsApp Manager, or start the broadcast with another template.',
  waTemplateParamCount: 'The template expects a different number of values than this broadcast fills in (the template may have been edited).',
  waTemplateParamCountAction: 'Fix the template in WhatsApp Manager, or start the broadcast again with the right values.',
  waTemplatePaused: 'The message template is paused by WhatsApp because of low quality (usually for a few hours).',
  waTemplatePausedAction: 'Resume the task later, or start the broadcast with another template.',
  waTemplateDisabled: 'The message template was disabled by WhatsApp because of low quality.',
  waTemplateDisabledAction: 'Start the broadcast with another template.',
  waThroughput: 'WhatsApp asked us to slow down.',
  waThroughputAction: 'Nothing to do: sending goes on by itself at a lower pace.',
  waAccountMaintenance: 'WhatsApp is doing maintenance on this business account (for example a throughput upgrade).',
  waAccountMaintenanceAction: 'Nothing to do: sending goes on by itself shortly.',
  waPairRate: 'Too many messages to this person in a short time.',
  waPairRateAction: 'Nothing to do: this person gets the message a little later.',
  waTemporary: 'WhatsApp had a temporary problem.',
  waTemporaryAction: 'Nothing to do: the message is tried again.',
  waNotOnWhatsApp:
    "This person can't get WhatsApp messages: the number is not on WhatsApp, they have not accepted WhatsApp's latest terms, or their app is too old.",
  waNotOnWhatsAppAction: 'Check the number, or reach them another way.',
  waOutsideWindow: 'More than 24 hours have passed since this person last wrote to you, so free text cannot be sent.',
  waOutsideWindowAction: 'Use an approved message template.',
  waMarketingLimit: 'WhatsApp chose not to deliver this marketing message (this person has received many marketing messages lately).',
  waMarketingLimitAction: 'Try again in a day or more.',
  waExperiment: 'WhatsApp did not deliver this marketing message because the person is part of a WhatsApp experiment.',
  waCountryRestricted: "This business account may not message people in this person's country.",
  waRecipientIsSender: "This is the business's own number.",
  waRecipientIsSenderAction: 'Remove it from the list.',
  waUnsupportedMessage: 'WhatsApp does not support this kind of message.',
  waInvalidParameter: 'WhatsApp rejected the message content.',
  waInvalidParameterAction: 'Check the values filled into the message for this person.',
  waTemplateParamInvalid: "A value filled into the template is not accepted by WhatsApp (too long, or characters it doesn't allow).",
  waTemplateParamInvalidAction: 'Check the contact field used in the template for this person.',
  waMediaError: "WhatsApp could not fetch the message's media.",
  waRejectedOther: 'WhatsApp refused this message.',
  waInvalidNumber: 'This is not a phone number WhatsApp can send to.',
  waInvalidNumberAction: 'Fix the number in the contact.',
  waMissingValue: 'A value the template needs is empty for this person.',
  waMissingValueAction: 'Fill in the contact field, or map the template value to another field.',
  waOptedOut: 'This person has stopped marketing messages from your business on WhatsApp.',
  waOptedOutAction: 'They are marked as opted out and will be skipped next time.',

  // --- Test mode ------------------------------------------------------------------------------
  testOffline: 'No internet connection (test mode)',
  testTokenExpired: 'The access token has expired (test mode).',
  testTurnOffAccountProblem: 'Turn off "Simulate an account problem" in Settings, then press Resume.',
  testConnectionDropped: 'The connection dropped (test mode)',
  testBusy: 'The service is busy, try again later (test mode)',
  testNotOnWhatsApp: 'This number is not on WhatsApp (test mode)',

  // --- Gmail: the connection ------------------------------------------------------------------
  gmailNotConnected: 'Gmail is not connected for this business. Connect Gmail on the Receipts page.',
  gmailNotConnectedSync: 'Gmail is not connected for this business. Connect it on the Receipts page, then sync again.',
  gmailNotConnectedResume: 'Gmail is not connected for this business. Connect it on the Receipts page, then press Resume.',
  gmailFromCli: 'Gmail was connected from the command line, and the app cannot use that connection. Connect Gmail again on the Receipts page, then press Resume.',
  gmailFromApp: 'Gmail was connected from the app, and the command line cannot use that connection. Connect it again with “taskdeck gmail connect”, then resume the task.',
  gmailSecretUnreadable: 'Taskdeck’s access to Gmail could not be read on this computer ({{error}}). Reconnect Gmail on the Receipts page, then press Resume.',
  gmailConnectFirst: 'Connect Gmail for this business first',
  gmailSyncRunning: 'A receipt sync is already under way (task {{task}})',
  gmailConnectedUnreadable: 'Connected, but Gmail could not be read: {{reason}}',

  // --- Gmail: answers of the API (main/providers/gmail/client.ts) ------------------------------
  gmailUnreachable: 'Could not reach Gmail ({{what}})',
  gmailConnectionBroke: 'The connection to Gmail broke off ({{what}}); it is safe to ask again',
  gmailAnswerBroke: 'The answer from Gmail broke off ({{what}})',
  gmailRenewFailed: 'Gmail access could not be renewed. Reconnect Gmail on the Receipts page.',
  gmailAccessExpired: 'Gmail no longer accepts Taskdeck’s access (it expired or was revoked). Reconnect Gmail on the Receipts page.',
  gmailAccessRefused: 'Gmail no longer accepts Taskdeck’s access. Reconnect Gmail on the Receipts page.',
  gmailNotAllowed: 'Taskdeck is not allowed to read this Gmail account ({{google}}). Reconnect Gmail on the Receipts page and allow reading email.',
  gmailAnswerUnreadable: 'Gmail answered, but the answer could not be read',
  gmailShortAttachment: 'Gmail sent {{got}} bytes of an attachment of {{size}} bytes; it is asked for again',
  gmailDailyLimit: 'Gmail’s daily limit for this account is used up; going on in {{wait}} ({{google}})',
  gmailSlowDownAccount: 'Gmail asked Taskdeck to slow down for this account; going on in {{wait}} ({{google}})',
  gmailSlowDown: 'Gmail asked Taskdeck to slow down; going on in {{wait}} ({{google}})',
  waitMoment: 'a moment',
  waitSeconds: '{{count}} s',
  waitMinutes: '{{count}} min',
  gmailHistoryExpired: 'Gmail no longer has the changes since the last sync (the history id expired); a full sync is needed',
  gmailAttachmentGone: 'The attachment is no longer in Gmail',
  gmailMessageGone: 'The message is no longer in Gmail (deleted meanwhile)',
  gmailTemporary: 'Gmail had a temporary problem ({{google}})',
  gmailRefused: 'Gmail refused the request: {{google}}',

  // --- Gmail: signing in with Google (main/providers/gmail/oauth.ts) ---------------------------
  oauthNoClientId: 'No Google OAuth client ID is set. Enter it in Settings → Gmail.',
  oauthFailed: 'Connecting Gmail failed: {{error}}',
  oauthStateMismatch: 'The answer from Google did not belong to this sign-in (state mismatch), so it was ignored for your safety. Please connect again.',
  oauthDenied: 'You did not allow Taskdeck to read your Gmail (the consent was cancelled or denied). Connect again and choose Allow to sync receipts.',
  oauthGoogleFailed: 'Google could not complete the sign-in ({{error}}). Please connect again.',
  oauthNoCode: 'Google sent no authorization code. Please connect again.',
  oauthNoRefreshToken:
    'Google did not give Taskdeck lasting access to Gmail (no refresh token). Remove Taskdeck from your Google account’s third-party access and connect again.',
  oauthScopeNotGranted: 'You did not tick the permission that lets Taskdeck read your Gmail. Connect again and allow “View your email messages and settings”.',
  oauthCannotListen: "Taskdeck could not listen for Google's answer on this computer ({{error}}).",
  oauthTimeout: 'The Google sign-in was not finished within {{duration}}. Connect again when you are ready.',
  oneSecond: '1 second',
  seconds: '{{count}} seconds',
  oneMinute: '1 minute',
  minutes: '{{count}} minutes',
  oauthNoBrowser: 'Taskdeck could not open your web browser ({{error}}). Open this address yourself to connect Gmail: {{url}}',
  oauthRevoked:
    'Google no longer accepts Taskdeck’s access to this Gmail account (it was revoked, expired, or the password changed). Reconnect Gmail on the Receipts page to go on syncing receipts.',
  oauthNoAccessToken: 'Google’s answer could not be read (no access token). Please try again.',
  oauthCodeRejected: 'Google did not accept the sign-in code (it expired or was already used). Please connect again.',
  oauthBadClient: 'Google does not recognise Taskdeck’s OAuth client ID or secret. Check the client ID in Settings → Gmail.',
  oauthServer: 'Google’s sign-in service had a temporary problem (HTTP {{status}}). Taskdeck will try again.',
  oauthRefused: 'Google refused the request ({{error}}). Please connect Gmail again.',
  oauthOffline: 'Taskdeck could not reach Google (no internet connection?). It will try again when the connection is back.',
  oauthConnectionLost: 'The connection to Google broke off or took too long. Taskdeck will try again.',
  // Finishing a connect (the code exchange) is never retried: a code is single-use.
  oauthExchangeOffline: 'Taskdeck could not reach Google to finish connecting (no internet connection?). Press Connect again once you are online.',
  oauthExchangeConnectionLost: 'The connection to Google broke off while finishing connecting. Press Connect again.',
  oauthCancelled: 'Connecting Gmail was cancelled.',

  // --- Receipts -------------------------------------------------------------------------------
  receiptAlreadyStored: 'Already stored',
  receiptDeletedHere: 'Deleted here before; not copied again',
  receiptNoFile: 'No receipt file attached',
  receiptDeletedWhileCopying: 'Deleted here while it was being copied',
  receiptDeletedFromGmail: 'Deleted from Gmail before it was copied',
  receiptNotFound: 'No such receipt in this business',
  receiptAlreadyDeleted: 'Already deleted',
  gmailQuotaWait: 'Gmail asked to slow down ({{quota}}); it goes on by itself.',
  gmailAccessLost: 'Gmail access was lost: {{reason}}',
  syncStopped: 'The sync stopped: {{reason}}',
  waitingForNetworkSync: '{{reason}}. Waiting for the network; the sync goes on by itself.',

  // --- Contacts: phone numbers (main/contacts/phone.ts) ----------------------------------------
  phoneEmpty: 'empty phone',
  phoneScientific: "not a phone number: '{{value}}' (Excel turned it into scientific notation; format the column as Text)",
  phoneNotNumber: "not a phone number: '{{value}}'",
  phoneUnknownCountry: "unknown default country '{{country}}'",
  phoneInvalid: "invalid number: '{{value}}'",
  phoneInvalidWhy: "invalid number: '{{value}}' ({{why}})",
  phoneInvalidFor: "invalid number for {{country}}: '{{value}}'",
  phoneInvalidForWhy: "invalid number for {{country}}: '{{value}}' ({{why}})",
  phoneTooShort: 'too short',
  phoneTooLong: 'too long',
  phoneWrongLength: 'wrong length',

  // --- Contacts: CSV files (main/contacts/csv-reader.ts, columns.ts, the import task) ----------
  csvTooManyValues: '{{count}} values but the header has {{columns}} columns',
  csvTooManyValuesOneColumn: '{{count}} values but the header has 1 column',
  csvFieldTooLong: 'field longer than {{limit}}',
  csvRowTooLong: 'row longer than {{limit}}',
  csvTooManyFields: 'more than {{count}} values in one row',
  csvUnclosedQuote: 'a quote (") opened on this row is never closed, so the rest of the file was read as one value',
  csvBadHeaderRow: 'The first row (line {{line}}) cannot be column names: {{reason}}',
  csvExcelWorkbook: '{{path}} is an Excel workbook, not a CSV file. In Excel choose File → Save As → "CSV UTF-8 (Comma delimited)" and import that file.',
  csvNotText: '{{path}} is not a text file (it contains binary data); export the contacts as CSV.',
  csvCannotRead: 'Cannot read the contacts file {{path}}: {{why}}',
  fileMissing: 'the file does not exist (was it moved or renamed?)',
  filePermission: 'permission denied',
  fileIsFolder: 'it is a folder, not a file',
  fileLocked: 'the file is locked by another program (close it in Excel and try again)',
  csvEmptyFile: 'The file {{path}} is empty: no header row, no contacts',
  csvEmpty: 'The file is empty: no header row, no contacts',
  csvUnknownCountry: 'Unknown default country "{{country}}" for phone numbers',
  csvPhoneColumnMissing: 'The phone column "{{column}}" is not in the file. {{headers}}',
  csvNameColumnMissing: 'The name column "{{column}}" is not in the file. {{headers}}',
  csvPhoneIsName: 'The column "{{column}}" cannot be both the phone and the name.',
  csvNoPhoneColumnData:
    'No phone column found. {{headers}} The first row looks like a contact, not column names: add a header row (for example "phone,name").',
  csvNoPhoneColumn: 'No phone column found. {{headers}} Name the phone column "phone" (or "טלפון"), or choose it in the import settings.',
  csvNoColumnNames: 'The first row has no column names.',
  csvColumns: 'Columns in the file: {{list}}.',

  // --- Task titles main makes up (tasks.title; shown like the sentences above) ----------------
  // Only these are ever localized as titles (`parseTitle`): a title the owner typed stays as typed.
  // A broadcast's default title is the owner's own message, an import's the file name: no template.
  titleReceiptsSync: 'Receipts from Gmail',
  titleDeleteReceipts: 'Delete {{count}} receipts (local copies only; mail in Gmail is kept)',
  titleDeleteOneReceipt: 'Delete 1 receipt (local copies only; mail in Gmail is kept)',
  /** `which`: the filter's conditions, each a `which…` sentence, joined by spaces (`parseConditions`). */
  titleDeleteReceiptsWhich: 'Delete {{count}} receipts {{which}} (local copies only; mail in Gmail is kept)',
  titleDeleteOneReceiptWhich: 'Delete 1 receipt {{which}} (local copies only; mail in Gmail is kept)',
  /** The conditions of a receipts filter, in this order; `date` is YYYY-MM-DD. */
  whichFromVendor: 'from {{vendor}}',
  whichSince: 'since {{date}}',
  whichBefore: 'before {{date}}',
  whichMatching: 'matching “{{search}}”',
  /** Two conditions in a row (the second may be two again). */
  whichBoth: '{{first}} {{then}}',

  // --- Desktop notifications (main/notifications/task-alerts.ts) ------------------------------
  alertFinishedBroadcast: 'Broadcast finished',
  alertFinishedImport: 'Contacts imported',
  alertFinishedReceiptsSync: 'Receipts synced',
  alertFinishedReceiptsDelete: 'Receipts deleted',
  alertFinishedTask: 'Task finished',
  alertCountDone: '{{count}} done',
  alertNeedsCheck: 'Finished, needs a check',
  alertStopped: 'Task stopped',
  alertWaiting: 'Task is waiting for you',
  alertCountSent: '{{count}} sent',
  alertCountImported: '{{count}} imported',
  alertCountSaved: '{{count}} saved',
  alertCountDeleted: '{{count}} deleted',
  alertCountFailed: '{{count}} failed',
  alertCountFailedRows: '{{count}} failed',
  alertCountSkipped: '{{count}} skipped',
  alertCountSkippedRows: '{{count}} skipped',
  /** Counters in a row: "10 sent, 2 failed" (the second may be two again). */
  alertListBoth: '{{first}}, {{then}}',
  alertSummary: '“{{title}}”: {{counts}}.',
  alertStoppedBecause: '“{{title}}” stopped: {{reason}}.',
  alertSomethingWrong: 'something went wrong',
  alertWaitingForAccount: '“{{title}}” is waiting: the sending account needs attention. Open Taskdeck to fix it; the task goes on by itself after that.',
  alertWaitingForGmail: '“{{title}}” is waiting: the Gmail connection needs attention. Open Taskdeck to fix it; the task goes on by itself after that.',
  alertWithInDoubt: '{{body}} {{inDoubt}}',
  alertInDoubt: '{{count}} messages may or may not have gone out. Open the task to check them.',
  alertInDoubt_one: '1 message may or may not have gone out. Open the task to check it.',
} as const;

export type ReasonKey = keyof typeof REASONS;

/** The placeholder names of a template, as a union of string literals. */
type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;

export type ReasonParams<K extends ReasonKey> = Record<Placeholders<(typeof REASONS)[K]>, MessageParam>;

/** Keys whose sentence has no params. */
export type PlainReasonKey = { [K in ReasonKey]: [Placeholders<(typeof REASONS)[K]>] extends [never] ? K : never }[ReasonKey];

/** The Message for `key` with its params (checked against the template's placeholders). */
export function reason<K extends ReasonKey>(
  key: K,
  ...params: [Placeholders<(typeof REASONS)[K]>] extends [never] ? [] : [ReasonParams<K>]
): Message {
  const values = params[0] as Record<string, MessageParam> | undefined;
  return values ? { key, params: values } : { key };
}
