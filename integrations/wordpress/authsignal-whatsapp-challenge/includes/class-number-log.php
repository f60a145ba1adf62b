<?php
/**
 * The record of WhatsApp numbers reset by someone else, for the site owner: the last 50, in
 * the option `authsignal_whatsapp_number_resets`, listed on the settings page.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * Adds to and reads the log.
 */
final class Number_Log {

	/** The option. */
	public const OPTION = 'authsignal_whatsapp_number_resets';

	/** How many entries are kept. */
	private const KEEP = 50;

	/**
	 * Logs a reset.
	 *
	 * @param int    $user_id  Whose number.
	 * @param int    $by       Who reset it.
	 * @param string $number   The number that was reset ('' for none).
	 */
	public static function add( int $user_id, int $by, string $number ): void {
		$entries   = self::entries();
		$entries[] = array(
			'time'    => time(),
			'user_id' => $user_id,
			'by'      => $by,
			// The end only: enough to tell numbers apart, not a copy of the number.
			'number'  => '' === $number ? '' : substr( $number, -4 ),
		);
		update_option( self::OPTION, array_slice( $entries, -self::KEEP ), false );
		/**
		 * Fires when a user with `edit_users` reset another user's WhatsApp number.
		 *
		 * @param int $user_id Whose number.
		 * @param int $by      Who reset it.
		 */
		do_action( 'authsignal_whatsapp_number_reset', $user_id, $by );
	}

	/**
	 * The entries, oldest first.
	 *
	 * @return array<int, array{time: int, user_id: int, by: int, number: string}>
	 */
	public static function entries(): array {
		$entries = get_option( self::OPTION, array() );
		return is_array( $entries ) ? array_values( array_filter( $entries, 'is_array' ) ) : array();
	}

	/** Prints the log as a table (on the settings page). */
	public static function render(): void {
		$entries = array_reverse( self::entries() );
		?>
		<h2 id="authsignal-number-resets"><?php esc_html_e( 'WhatsApp numbers reset by administrators', 'authsignal-whatsapp-challenge' ); ?></h2>
		<?php if ( ! $entries ) : ?>
			<p><?php esc_html_e( 'None so far.', 'authsignal-whatsapp-challenge' ); ?></p>
			<?php
			return;
		endif;
		?>
		<table class="widefat striped" id="authsignal-number-reset-log">
			<thead><tr><th><?php esc_html_e( 'When', 'authsignal-whatsapp-challenge' ); ?></th><th><?php esc_html_e( 'User', 'authsignal-whatsapp-challenge' ); ?></th><th><?php esc_html_e( 'Reset by', 'authsignal-whatsapp-challenge' ); ?></th><th><?php esc_html_e( 'Number ending in', 'authsignal-whatsapp-challenge' ); ?></th></tr></thead>
			<tbody>
			<?php foreach ( $entries as $entry ) : ?>
				<tr>
					<td><?php echo esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $entry['time'] ) ); ?></td>
					<td><?php echo esc_html( self::login_of( (int) $entry['user_id'] ) ); ?></td>
					<td><?php echo esc_html( self::login_of( (int) $entry['by'] ) ); ?></td>
					<td><?php echo esc_html( (string) $entry['number'] ); ?></td>
				</tr>
			<?php endforeach; ?>
			</tbody>
		</table>
		<?php
	}

	/**
	 * A user's login name, or their id when the user is gone.
	 *
	 * @param int $user_id User id.
	 */
	private static function login_of( int $user_id ): string {
		$user = get_userdata( $user_id );
		return $user instanceof \WP_User ? $user->user_login : '#' . $user_id;
	}
}
