import { Module } from '@nestjs/common';
import { CommunitiesModule } from '../communities/communities.module';
import { BoardRepository } from './board.repository';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';

@Module({
  imports: [CommunitiesModule],
  controllers: [BoardsController],
  providers: [BoardsService, BoardRepository],
  exports: [BoardsService],
})
export class BoardsModule {}
