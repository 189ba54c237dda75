import { Foundation1764064800000 } from './1764064800000-foundation';
import { Boards1764072000000 } from './1764072000000-boards';
import { Notifications1764079200000 } from './1764079200000-notifications';
import { Badges1764086400000 } from './1764086400000-badges';
import { Points1764090000000 } from './1764090000000-points';
import { RecognitionPerks1764100000000 } from './1764100000000-recognition-perks';
import { Crm1764110000000 } from './1764110000000-crm';
import { Webhooks1764120000000 } from './1764120000000-webhooks';
import { Segments1764130000000 } from './1764130000000-segments';
import { AnalyticsRollups1764140000000 } from './1764140000000-analytics-rollups';
import { MemberTiers1764150000000 } from './1764150000000-member-tiers';
import { AnalyticsSettings1764160000000 } from './1764160000000-analytics-settings';
import { SegmentMembers1764170000000 } from './1764170000000-segment-members';
import { ActivityIp1764180000000 } from './1764180000000-activity-ip';
import { Privacy1764190000000 } from './1764190000000-privacy';
import { StaffSecurity1764200000000 } from './1764200000000-staff-security';
import { SearchGramsMemberPoints1764230000000 } from './1764230000000-search-grams-member-points';
import { ThreadListIndex1764240000000 } from './1764240000000-thread-list-index';
import { ActivityReceiverIndex1764250000000 } from './1764250000000-activity-receiver-index';
import { OutboxBulk1764260000000 } from './1764260000000-outbox-bulk';

/** Every migration, in order. Add new ones at the end. */
export const migrations: Function[] = [Foundation1764064800000, Boards1764072000000, Notifications1764079200000, Badges1764086400000, Points1764090000000, RecognitionPerks1764100000000, Crm1764110000000, Webhooks1764120000000, Segments1764130000000, AnalyticsRollups1764140000000, MemberTiers1764150000000, AnalyticsSettings1764160000000, SegmentMembers1764170000000, ActivityIp1764180000000, Privacy1764190000000, StaffSecurity1764200000000, SearchGramsMemberPoints1764230000000, ThreadListIndex1764240000000, ActivityReceiverIndex1764250000000, OutboxBulk1764260000000];
