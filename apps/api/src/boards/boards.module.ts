import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { RecognitionModule } from '../recognition/recognition.module';
import { AuthorDataService } from './author-data.service';
import { BoardAccessService } from './board-access.service';
import { BoardEventsService } from './board-events.service';
import { BoardRepository } from './board.repository';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';
import { CommunityBoardsController } from './community-boards.controller';
import { FlagRepository } from './flag.repository';
import { ModerationService } from './moderation.service';
import { PostPresenter } from './post-presenter.service';
import { PostRepository } from './post.repository';
import { PostingService } from './posting.service';
import { PostsController } from './posts.controller';
import { PostsService } from './posts.service';
import { ReactionRepository } from './reaction.repository';
import { ReactionsService } from './reactions.service';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';
import { ThreadRepository } from './thread.repository';
import { ThreadsController } from './threads.controller';
import { ThreadsService } from './threads.service';

/** Boards (掲示板): threads, replies, reactions, mentions, moderation and search. */
@Module({
  imports: [CommunitiesModule, RecognitionModule],
  controllers: [BoardsController, ThreadsController, PostsController, CommunityBoardsController],
  providers: [
    BoardsService,
    AuthorDataService,
    ThreadsService,
    PostsService,
    ReactionsService,
    ModerationService,
    SearchService,
    PostingService,
    PostPresenter,
    BoardAccessService,
    BoardEventsService,
    BoardRepository,
    ThreadRepository,
    PostRepository,
    ReactionRepository,
    FlagRepository,
    SearchRepository,
  ],
  exports: [BoardsService, BoardAccessService, BoardEventsService, AuthorDataService],
})
export class BoardsModule {}
